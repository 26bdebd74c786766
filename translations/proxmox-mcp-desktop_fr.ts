<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr_FR">
<context>
    <name>main</name>
    <message>
        <source>The proxmox-mcp control center.</source>
        <translation>Le centre de contrôle proxmox-mcp.</translation>
    </message>
    <message>
        <source>Open the connect page with this daemon address.</source>
        <translation>Ouvrir la page de connexion avec cette adresse de service.</translation>
    </message>
    <message>
        <source>Run only the tray notifier; its menu opens the window.</source>
        <translation>Ne lancer que le notificateur de la zone de notification ; son menu ouvre la fenêtre.</translation>
    </message>
</context>
<context>
    <name>pmcp::AuditPage</name>
    <message>
        <source>denied</source>
        <translation>refusé</translation>
    </message>
    <message>
        <source>allowed</source>
        <translation>autorisé</translation>
    </message>
    <message>
        <source>Denied onl&amp;y</source>
        <translation>Refusés uni&amp;quement</translation>
    </message>
    <message>
        <source>&amp;Time range:</source>
        <translation>&amp;Intervalle :</translation>
    </message>
    <message>
        <source>&amp;Search</source>
        <translation>&amp;Rechercher</translation>
    </message>
    <message>
        <source>Show the entries the filters match</source>
        <translation>Afficher les entrées qui correspondent aux filtres</translation>
    </message>
    <message>
        <source>Audit entries</source>
        <translation>Entrées d&apos;audit</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Heure</translation>
    </message>
    <message>
        <source>Client</source>
        <translation>Client</translation>
    </message>
    <message>
        <source>Tool</source>
        <translation>Outil</translation>
    </message>
    <message>
        <source>Decision</source>
        <translation>Décision</translation>
    </message>
    <message>
        <source>Rule</source>
        <translation>Règle</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>Résultat</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>Durée</translation>
    </message>
    <message>
        <source>Arguments</source>
        <translation>Arguments</translation>
    </message>
    <message>
        <source>&amp;Previous</source>
        <translation>&amp;Précédente</translation>
    </message>
    <message>
        <source>Previous page of entries</source>
        <translation>Page précédente des entrées</translation>
    </message>
    <message>
        <source>&amp;Next</source>
        <translation>Sui&amp;vante</translation>
    </message>
    <message>
        <source>Next page of entries</source>
        <translation>Page suivante des entrées</translation>
    </message>
    <message>
        <source>Entries shown</source>
        <translation>Entrées affichées</translation>
    </message>
    <message>
        <source>&amp;Verify the chain</source>
        <translation>Vérifier la &amp;chaîne</translation>
    </message>
    <message>
        <source>Verify the audit log&apos;s chain</source>
        <translation>Vérifier la chaîne du journal d&apos;audit</translation>
    </message>
    <message>
        <source>Chain verification</source>
        <translation>Vérification de la chaîne</translation>
    </message>
    <message>
        <source>Export &amp;CSV…</source>
        <translation>E&amp;xporter en CSV…</translation>
    </message>
    <message>
        <source>Export the matching entries to CSV</source>
        <translation>Exporter les entrées correspondantes en CSV</translation>
    </message>
    <message>
        <source>Export &amp;JSON…</source>
        <translation>Exporter en &amp;JSON…</translation>
    </message>
    <message>
        <source>Export the matching entries to JSON</source>
        <translation>Exporter les entrées correspondantes en JSON</translation>
    </message>
    <message>
        <source>Denied commands</source>
        <translation>Commandes refusées</translation>
    </message>
    <message>
        <source>Command</source>
        <translation>Commande</translation>
    </message>
    <message>
        <source>Security checks</source>
        <translation>Contrôles de sécurité</translation>
    </message>
    <message>
        <source>Audit message</source>
        <translation>Message de l&apos;audit</translation>
    </message>
    <message>
        <source>Export the audit entries</source>
        <translation>Exporter les entrées d&apos;audit</translation>
    </message>
    <message>
        <source>Not verified yet.</source>
        <translation>Pas encore vérifiée.</translation>
    </message>
    <message>
        <source>Audit and security</source>
        <translation>Audit et sécurité</translation>
    </message>
    <message>
        <source>Client filter</source>
        <translation>Filtre par client</translation>
    </message>
    <message>
        <source>any client</source>
        <translation>n&apos;importe quel client</translation>
    </message>
    <message>
        <source>Tool filter</source>
        <translation>Filtre par outil</translation>
    </message>
    <message>
        <source>any tool</source>
        <translation>n&apos;importe quel outil</translation>
    </message>
    <message>
        <source>Only denied calls</source>
        <translation>Seulement les appels refusés</translation>
    </message>
    <message>
        <source>Filter by time range</source>
        <translation>Filtrer par intervalle de temps</translation>
    </message>
    <message>
        <source>From (inclusive)</source>
        <translation>Du (inclus)</translation>
    </message>
    <message>
        <source>Until (exclusive)</source>
        <translation>Au (exclu)</translation>
    </message>
    <message>
        <source>Entries per page</source>
        <translation>Entrées par page</translation>
    </message>
    <message>
        <source>Filters</source>
        <translation>Filtres</translation>
    </message>
    <message>
        <source>Cli&amp;ent:</source>
        <translation>Cli&amp;ent :</translation>
    </message>
    <message>
        <source>T&amp;ool:</source>
        <translation>&amp;Outil :</translation>
    </message>
    <message>
        <source>Per pa&amp;ge:</source>
        <translation>Par pa&amp;ge :</translation>
    </message>
    <message>
        <source>Audit log</source>
        <translation>Journal d&apos;audit</translation>
    </message>
    <message>
        <source>Security</source>
        <translation>Sécurité</translation>
    </message>
    <message>
        <source>Commands the policy refused, newest first:</source>
        <translation>Commandes refusées par la politique, les plus récentes en premier :</translation>
    </message>
    <message>
        <source>The time range ends before it starts: choose a &quot;from&quot; time earlier than the &quot;until&quot; time.</source>
        <translation>L&apos;intervalle finit avant de commencer : choisissez une heure « du » antérieure à l&apos;heure « au ».</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 ms</translation>
    </message>
    <message>
        <source>No entry matches the filters.</source>
        <translation>Aucune entrée ne correspond aux filtres.</translation>
    </message>
    <message numerus="yes">
        <source>No entries on this page (%n match(es)).</source>
        <translation>
            <numerusform>Aucune entrée sur cette page (%n correspondance).</numerusform>
            <numerusform>Aucune entrée sur cette page (%n correspondances).</numerusform>
        </translation>
    </message>
    <message>
        <source>Entries %1–%2 of %3, newest first.</source>
        <translation>Entrées %1–%2 sur %3, les plus récentes en premier.</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>OK</translation>
    </message>
    <message>
        <source>warning</source>
        <translation>avertissement</translation>
    </message>
    <message>
        <source>failing</source>
        <translation>en échec</translation>
    </message>
    <message>
        <source>%1: %2 — %3</source>
        <translation>%1 : %2 — %3</translation>
    </message>
    <message>
        <source>sudoers: this daemon does not report the sudoers files&apos; validity in its health checks; &quot;proxmox-mcpd health-report&quot; checks them over SSH.</source>
        <translation>sudoers : ce service ne signale pas la validité des fichiers sudoers dans ses contrôles de santé ; « proxmox-mcpd health-report » les vérifie par SSH.</translation>
    </message>
    <message>
        <source>Verifying…</source>
        <translation>Vérification…</translation>
    </message>
    <message>
        <source>The chain could not be verified: %1</source>
        <translation>La chaîne n&apos;a pas pu être vérifiée : %1</translation>
    </message>
    <message numerus="yes">
        <source>The chain is intact: %n entry(ies) checked, every link matches.</source>
        <translation>
            <numerusform>La chaîne est intacte : %n entrée vérifiée, chaque maillon correspond.</numerusform>
            <numerusform>La chaîne est intacte : %n entrées vérifiées, chaque maillon correspond.</numerusform>
        </translation>
    </message>
    <message>
        <source>The chain is broken at %1, line %2: %3</source>
        <translation>La chaîne est rompue dans %1, ligne %2 : %3</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>Fichiers CSV (*.csv)</translation>
    </message>
    <message>
        <source>JSON files (*.json)</source>
        <translation>Fichiers JSON (*.json)</translation>
    </message>
    <message>
        <source>Nothing was exported.</source>
        <translation>Rien n&apos;a été exporté.</translation>
    </message>
    <message>
        <source>Exporting to %1…</source>
        <translation>Export vers %1…</translation>
    </message>
    <message>
        <source>Nothing was exported: %1</source>
        <translation>Rien n&apos;a été exporté : %1</translation>
    </message>
    <message>
        <source>the connection to the daemon is closed.</source>
        <translation>la connexion au service est fermée.</translation>
    </message>
    <message>
        <source>Nothing was exported: %1 could not be written (%2).</source>
        <translation>Rien n&apos;a été exporté : %1 n&apos;a pas pu être écrit (%2).</translation>
    </message>
    <message numerus="yes">
        <source>Exported %n entry(ies) to %1.</source>
        <translation>
            <numerusform>%n entrée exportée vers %1.</numerusform>
            <numerusform>%n entrées exportées vers %1.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n matching entry(ies) beyond the daemon&apos;s paging limit were left out: narrow the filters.</source>
        <translation>
            <numerusform>%n entrée correspondante au-delà de la limite de pagination du service a été omise : affinez les filtres.</numerusform>
            <numerusform>%n entrées correspondantes au-delà de la limite de pagination du service ont été omises : affinez les filtres.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>pmcp::BackupsPage</name>
    <message numerus="yes">
        <source>%n second(s)</source>
        <translation>
            <numerusform>%n seconde</numerusform>
            <numerusform>%n secondes</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n minute(s)</source>
        <translation>
            <numerusform>%n minute</numerusform>
            <numerusform>%n minutes</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n hour(s)</source>
        <translation>
            <numerusform>%n heure</numerusform>
            <numerusform>%n heures</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n day(s)</source>
        <translation>
            <numerusform>%n jour</numerusform>
            <numerusform>%n jours</numerusform>
        </translation>
    </message>
    <message>
        <source>verified</source>
        <translation>vérifiée</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>en échec</translation>
    </message>
    <message>
        <source>not verified</source>
        <translation>non vérifiée</translation>
    </message>
    <message>
        <source>Writing</source>
        <translation>Écriture</translation>
    </message>
    <message>
        <source>Verifying</source>
        <translation>Vérification</translation>
    </message>
    <message>
        <source>Saving the current state</source>
        <translation>Sauvegarde de l&apos;état actuel</translation>
    </message>
    <message>
        <source>Restoring</source>
        <translation>Restauration</translation>
    </message>
    <message>
        <source>the configuration file and its kept versions</source>
        <translation>le fichier de configuration et ses versions conservées</translation>
    </message>
    <message>
        <source>the SSH key, the known hosts and the rotation record</source>
        <translation>la clé SSH, les hôtes connus et l&apos;enregistrement de rotation</translation>
    </message>
    <message>
        <source>the client tokens, the admin tokens and the OAuth grants</source>
        <translation>les jetons des clients, les jetons d&apos;administration et les autorisations OAuth</translation>
    </message>
    <message>
        <source>the audit log and its key</source>
        <translation>le journal d&apos;audit et sa clé</translation>
    </message>
    <message>
        <source>Backup folder</source>
        <translation>Dossier des sauvegardes</translation>
    </message>
    <message>
        <source>Back up the daemon&apos;s state now</source>
        <translation>Sauvegarder l&apos;état du service maintenant</translation>
    </message>
    <message>
        <source>&amp;Verify</source>
        <translation>&amp;Vérifier</translation>
    </message>
    <message>
        <source>Verify the selected backup</source>
        <translation>Vérifier la sauvegarde choisie</translation>
    </message>
    <message>
        <source>&amp;Restore…</source>
        <translation>&amp;Restaurer…</translation>
    </message>
    <message>
        <source>Restore from the selected backup</source>
        <translation>Restaurer depuis la sauvegarde choisie</translation>
    </message>
    <message>
        <source>Retention</source>
        <translation>Conservation</translation>
    </message>
    <message>
        <source>Schedule</source>
        <translation>Planification</translation>
    </message>
    <message>
        <source>&amp;Change in Configuration</source>
        <translation>&amp;Changer dans la configuration</translation>
    </message>
    <message>
        <source>Change retention and schedule on the Configuration page</source>
        <translation>Changer la conservation et la planification sur la page Configuration</translation>
    </message>
    <message>
        <source>Backups message</source>
        <translation>Message des sauvegardes</translation>
    </message>
    <message>
        <source>Restore</source>
        <translation>Restaurer</translation>
    </message>
    <message>
        <source>Backups</source>
        <translation>Sauvegardes</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nom</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Taille</translation>
    </message>
    <message>
        <source>Age</source>
        <translation>Âge</translation>
    </message>
    <message>
        <source>Verification</source>
        <translation>Vérification</translation>
    </message>
    <message>
        <source>What to restore</source>
        <translation>Ce qui est restauré</translation>
    </message>
    <message>
        <source>Everything</source>
        <translation>Tout</translation>
    </message>
    <message>
        <source>Configuration</source>
        <translation>Configuration</translation>
    </message>
    <message>
        <source>Keys</source>
        <translation>Clés</translation>
    </message>
    <message>
        <source>Clients</source>
        <translation>Clients</translation>
    </message>
    <message>
        <source>Audit log</source>
        <translation>Journal d&apos;audit</translation>
    </message>
    <message>
        <source>Backup progress</source>
        <translation>Progression de la sauvegarde</translation>
    </message>
    <message>
        <source>Idle</source>
        <translation>Inactif</translation>
    </message>
    <message>
        <source>Backups of the daemon&apos;s state</source>
        <translation>Sauvegardes de l&apos;état du service</translation>
    </message>
    <message>
        <source>Restore &amp;part:</source>
        <translation>&amp;Partie à restaurer :</translation>
    </message>
    <message>
        <source>Retention and schedule</source>
        <translation>Conservation et planification</translation>
    </message>
    <message>
        <source>Kept:</source>
        <translation>Conservées :</translation>
    </message>
    <message>
        <source>Scheduled:</source>
        <translation>Planifiées :</translation>
    </message>
    <message>
        <source>Not known: %1</source>
        <translation>Inconnu : %1</translation>
    </message>
    <message>
        <source>No backups yet in %1.</source>
        <translation>Aucune sauvegarde pour le moment dans %1.</translation>
    </message>
    <message numerus="yes">
        <source>%n backup(s) in %1.</source>
        <translation>
            <numerusform>%n sauvegarde dans %1.</numerusform>
            <numerusform>%n sauvegardes dans %1.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>The newest %n backup(s)</source>
        <translation>
            <numerusform>La sauvegarde la plus récente</numerusform>
            <numerusform>Les %n sauvegardes les plus récentes</numerusform>
        </translation>
    </message>
    <message>
        <source>Any number</source>
        <translation>Un nombre quelconque</translation>
    </message>
    <message numerus="yes">
        <source>, none older than %n day(s) (the newest always stays).</source>
        <translation>
            <numerusform>, aucune de plus de %n jour (la plus récente reste toujours).</numerusform>
            <numerusform>, aucune de plus de %n jours (la plus récente reste toujours).</numerusform>
        </translation>
    </message>
    <message>
        <source>, whatever their age.</source>
        <translation>, quel que soit leur âge.</translation>
    </message>
    <message>
        <source>No scheduled backups (BACKUP_SCHEDULE is empty).</source>
        <translation>Aucune sauvegarde planifiée (BACKUP_SCHEDULE est vide).</translation>
    </message>
    <message>
        <source>%1, local time (BACKUP_SCHEDULE).</source>
        <translation>%1, heure locale (BACKUP_SCHEDULE).</translation>
    </message>
    <message>
        <source>%1 %2: %p%</source>
        <translation>%1 %2 : %p %</translation>
    </message>
    <message>
        <source>Starting the backup…</source>
        <translation>La sauvegarde commence…</translation>
    </message>
    <message>
        <source>The backup failed: %1</source>
        <translation>La sauvegarde a échoué : %1</translation>
    </message>
    <message>
        <source>Backed up to %1 (%2), verified.</source>
        <translation>Sauvegardé dans %1 (%2), vérifié.</translation>
    </message>
    <message numerus="yes">
        <source>%1 is intact: %n file(s) checked, every SHA-256 matches.</source>
        <translation>
            <numerusform>%1 est intacte : %n fichier vérifié, chaque SHA-256 correspond.</numerusform>
            <numerusform>%1 est intacte : %n fichiers vérifiés, chaque SHA-256 correspond.</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 is damaged: the first bad file is %2. The daemon says: %3</source>
        <translation>%1 est endommagée : le premier fichier défectueux est %2. Le service indique : %3</translation>
    </message>
    <message>
        <source>%1 does not verify. The daemon says: %2</source>
        <translation>%1 ne passe pas la vérification. Le service indique : %2</translation>
    </message>
    <message>
        <source>Choose a backup first.</source>
        <translation>Choisissez d&apos;abord une sauvegarde.</translation>
    </message>
    <message>
        <source>Verifying %1…</source>
        <translation>Vérification de %1…</translation>
    </message>
    <message>
        <source>The backup could not be verified: %1</source>
        <translation>La sauvegarde n&apos;a pas pu être vérifiée : %1</translation>
    </message>
    <message>
        <source>%1 and %2</source>
        <translation>%1 et %2</translation>
    </message>
    <message>
        <source>Restore from %1?

This replaces %2 with what the backup holds. The current state is saved as a backup first (a …-pre-restore.tar.gz), so this can be undone.</source>
        <translation>Restaurer depuis %1 ?

Cela remplace %2 par le contenu de la sauvegarde. L&apos;état actuel est d&apos;abord enregistré comme sauvegarde (un …-pre-restore.tar.gz), on peut donc revenir en arrière.</translation>
    </message>
    <message>
        <source>Nothing was restored.</source>
        <translation>Rien n&apos;a été restauré.</translation>
    </message>
    <message>
        <source>Restoring %1…</source>
        <translation>Restauration de %1…</translation>
    </message>
    <message>
        <source>Nothing was restored: %1</source>
        <translation>Rien n&apos;a été restauré : %1</translation>
    </message>
    <message numerus="yes">
        <source>Restored %1 from %2 (%n file(s)). The state before was saved as %3.</source>
        <translation>
            <numerusform>%1 restauré depuis %2 (%n fichier). L&apos;état précédent a été enregistré sous %3.</numerusform>
            <numerusform>%1 restauré depuis %2 (%n fichiers). L&apos;état précédent a été enregistré sous %3.</numerusform>
        </translation>
    </message>
    <message>
        <source>The configuration was restored: settings that do not apply live wait for a restart of the daemon.</source>
        <translation>La configuration a été restaurée : les réglages qui ne s&apos;appliquent pas à chaud attendent un redémarrage du service.</translation>
    </message>
    <message>
        <source>Back up &amp;now</source>
        <translation>Sauvegarder &amp;maintenant</translation>
    </message>
</context>
<context>
    <name>pmcp::CertificateDialog</name>
    <message>
        <source>Trust this daemon&apos;s certificate?</source>
        <translation>Approuver le certificat de ce service ?</translation>
    </message>
    <message>
        <source>%1 presents a certificate this computer has not seen before.</source>
        <translation>%1 présente un certificat que cet ordinateur n&apos;a jamais vu.</translation>
    </message>
    <message>
        <source>SHA-256 fingerprint:
%1

Issued to: %2

Compare it with what the daemon&apos;s host prints (openssl x509 -noout -fingerprint -sha256 -in MCP_TLS_CERT). Trust it only if they are the same.</source>
        <translation>Empreinte SHA-256 :
%1

Délivré à : %2

Comparez-la avec ce qu&apos;affiche l&apos;hôte du service (openssl x509 -noout -fingerprint -sha256 -in MCP_TLS_CERT). Ne l&apos;approuvez que si elles sont identiques.</translation>
    </message>
    <message>
        <source>Trust</source>
        <translation>Approuver</translation>
    </message>
    <message>
        <source>Trust the certificate</source>
        <translation>Approuver le certificat</translation>
    </message>
    <message>
        <source>Do not trust</source>
        <translation>Ne pas approuver</translation>
    </message>
    <message>
        <source>Do not trust the certificate</source>
        <translation>Ne pas approuver le certificat</translation>
    </message>
</context>
<context>
    <name>pmcp::ClientsPage</name>
    <message>
        <source>Read-only</source>
        <translation>Lecture seule</translation>
    </message>
    <message>
        <source>Full</source>
        <translation>Complet</translation>
    </message>
    <message>
        <source>Access requests</source>
        <translation>Demandes d&apos;accès</translation>
    </message>
    <message>
        <source>Client</source>
        <translation>Client</translation>
    </message>
    <message>
        <source>Redirect host</source>
        <translation>Hôte de redirection</translation>
    </message>
    <message>
        <source>Request code</source>
        <translation>Code de la demande</translation>
    </message>
    <message>
        <source>Scope asked</source>
        <translation>Portée demandée</translation>
    </message>
    <message>
        <source>Expires</source>
        <translation>Expire</translation>
    </message>
    <message>
        <source>Scope to grant</source>
        <translation>Portée à accorder</translation>
    </message>
    <message>
        <source>&amp;Approve</source>
        <translation>&amp;Approuver</translation>
    </message>
    <message>
        <source>Re&amp;ject</source>
        <translation>&amp;Refuser</translation>
    </message>
    <message>
        <source>Clients</source>
        <translation>Clients</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nom</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>Scope</source>
        <translation>Portée</translation>
    </message>
    <message>
        <source>State</source>
        <translation>État</translation>
    </message>
    <message>
        <source>Last use</source>
        <translation>Dernière utilisation</translation>
    </message>
    <message>
        <source>Calls</source>
        <translation>Appels</translation>
    </message>
    <message>
        <source>&amp;Revoke</source>
        <translation>Ré&amp;voquer</translation>
    </message>
    <message>
        <source>Scope of the new token</source>
        <translation>Portée du nouveau jeton</translation>
    </message>
    <message>
        <source>Create &amp;token</source>
        <translation>Créer un &amp;jeton</translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation>&amp;Copier</translation>
    </message>
    <message>
        <source>Days the approval lasts</source>
        <translation>Durée de l&apos;autorisation en jours</translation>
    </message>
    <message>
        <source> days</source>
        <translation> jours</translation>
    </message>
    <message>
        <source>Approve the selected request</source>
        <translation>Approuver la demande choisie</translation>
    </message>
    <message>
        <source>Reject the selected request</source>
        <translation>Refuser la demande choisie</translation>
    </message>
    <message>
        <source>Reason for revoking</source>
        <translation>Motif de la révocation</translation>
    </message>
    <message>
        <source>Why (kept with the client)</source>
        <translation>Pourquoi (conservé avec le client)</translation>
    </message>
    <message>
        <source>Revoke the selected client</source>
        <translation>Révoquer le client choisi</translation>
    </message>
    <message>
        <source>Name of the new token</source>
        <translation>Nom du nouveau jeton</translation>
    </message>
    <message>
        <source>Days the new token lasts</source>
        <translation>Durée du nouveau jeton en jours</translation>
    </message>
    <message>
        <source>never expires</source>
        <translation>n&apos;expire jamais</translation>
    </message>
    <message>
        <source>Create a static token</source>
        <translation>Créer un jeton statique</translation>
    </message>
    <message>
        <source>The new token (shown once)</source>
        <translation>Le nouveau jeton (affiché une seule fois)</translation>
    </message>
    <message>
        <source>Copy the new token</source>
        <translation>Copier le nouveau jeton</translation>
    </message>
    <message>
        <source>Lines for Claude Code</source>
        <translation>Lignes pour Claude Code</translation>
    </message>
    <message>
        <source>Clients message</source>
        <translation>Message sur les clients</translation>
    </message>
    <message>
        <source>Access requests waiting for you</source>
        <translation>Demandes d&apos;accès en attente de votre décision</translation>
    </message>
    <message>
        <source>Grant:</source>
        <translation>Accorder :</translation>
    </message>
    <message>
        <source>Clients and tokens</source>
        <translation>Clients et jetons</translation>
    </message>
    <message>
        <source>New static token</source>
        <translation>Nouveau jeton statique</translation>
    </message>
    <message>
        <source>Na&amp;me:</source>
        <translation>No&amp;m :</translation>
    </message>
    <message>
        <source>&amp;Scope:</source>
        <translation>&amp;Portée :</translation>
    </message>
    <message>
        <source>E&amp;xpires after:</source>
        <translation>E&amp;xpire après :</translation>
    </message>
    <message>
        <source>Token:</source>
        <translation>Jeton :</translation>
    </message>
    <message>
        <source>Claude Code:</source>
        <translation>Claude Code :</translation>
    </message>
    <message>
        <source>The token is on the clipboard.</source>
        <translation>Le jeton est dans le presse-papiers.</translation>
    </message>
    <message>
        <source>OAuth</source>
        <translation>OAuth</translation>
    </message>
    <message>
        <source>Token</source>
        <translation>Jeton</translation>
    </message>
    <message>
        <source>never</source>
        <translation>jamais</translation>
    </message>
    <message>
        <source>Choose a request first.</source>
        <translation>Choisissez d&apos;abord une demande.</translation>
    </message>
    <message>
        <source>Approved %1: the client is &quot;%2&quot;.</source>
        <translation>%1 approuvée : le client s&apos;appelle « %2 ».</translation>
    </message>
    <message>
        <source>Rejected %1.</source>
        <translation>%1 refusée.</translation>
    </message>
    <message>
        <source>Choose a client first.</source>
        <translation>Choisissez d&apos;abord un client.</translation>
    </message>
    <message>
        <source>Revoked %1: its next request is refused.</source>
        <translation>%1 révoqué : sa prochaine requête sera refusée.</translation>
    </message>
    <message>
        <source>Give the new token a name.</source>
        <translation>Donnez un nom au nouveau jeton.</translation>
    </message>
    <message>
        <source>Created &quot;%1&quot;. Copy the token now: it is not shown again.</source>
        <translation>« %1 » créé. Copiez le jeton maintenant : il ne sera plus affiché.</translation>
    </message>
</context>
<context>
    <name>pmcp::ConfigPage</name>
    <message>
        <source>&amp;Apply changes</source>
        <translation>&amp;Appliquer les modifications</translation>
    </message>
    <message>
        <source>Apply changes</source>
        <translation>Appliquer les modifications</translation>
    </message>
    <message>
        <source>&amp;Discard changes</source>
        <translation>A&amp;bandonner les modifications</translation>
    </message>
    <message>
        <source>Discard changes</source>
        <translation>Abandonner les modifications</translation>
    </message>
    <message>
        <source>&amp;Roll back to the selected version</source>
        <translation>&amp;Revenir à la version sélectionnée</translation>
    </message>
    <message>
        <source>Roll back to the selected version</source>
        <translation>Revenir à la version sélectionnée</translation>
    </message>
    <message>
        <source>Configuration</source>
        <translation>Configuration</translation>
    </message>
    <message>
        <source>Configuration versions</source>
        <translation>Versions de la configuration</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>Version</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Heure</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Action</translation>
    </message>
    <message>
        <source>By</source>
        <translation>Par</translation>
    </message>
    <message>
        <source>Keys</source>
        <translation>Clés</translation>
    </message>
    <message>
        <source>Configuration message</source>
        <translation>Message de configuration</translation>
    </message>
    <message>
        <source>Setting %1</source>
        <translation>Paramètre %1</translation>
    </message>
    <message>
        <source>no default (optional)</source>
        <translation>pas de valeur par défaut (facultatif)</translation>
    </message>
    <message>
        <source>default: %1</source>
        <translation>par défaut : %1</translation>
    </message>
    <message>
        <source>About %1</source>
        <translation>À propos de %1</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Paramètres</translation>
    </message>
    <message>
        <source>Kept versions</source>
        <translation>Versions conservées</translation>
    </message>
    <message>
        <source>; applies after a restart</source>
        <translation>; s’applique après un redémarrage</translation>
    </message>
    <message>
        <source>; changed, waiting for a restart</source>
        <translation>; modifié, en attente d’un redémarrage</translation>
    </message>
    <message>
        <source>set (hidden; type to replace)</source>
        <translation>défini (masqué ; saisir pour remplacer)</translation>
    </message>
    <message>
        <source>not set</source>
        <translation>non défini</translation>
    </message>
    <message>
        <source>valid</source>
        <translation>valide</translation>
    </message>
    <message>
        <source>%1: a new secret value</source>
        <translation>%1 : une nouvelle valeur secrète</translation>
    </message>
    <message>
        <source>%1: removed (the default applies)</source>
        <translation>%1 : supprimé (la valeur par défaut s’applique)</translation>
    </message>
    <message>
        <source>%1: %2 → %3</source>
        <translation>%1 : %2 → %3</translation>
    </message>
    <message>
        <source>Apply these changes?
%1</source>
        <translation>Appliquer ces modifications ?
%1</translation>
    </message>
    <message>
        <source>Applied</source>
        <translation>Appliqué</translation>
    </message>
    <message>
        <source>Roll the configuration file back to version %1? The current file is kept as a version.</source>
        <translation>Ramener le fichier de configuration à la version %1 ? Le fichier actuel est conservé comme version.</translation>
    </message>
    <message>
        <source>Rolled back to version %1</source>
        <translation>Revenu à la version %1</translation>
    </message>
    <message>
        <source>In use now: %1.</source>
        <translation>En service maintenant : %1.</translation>
    </message>
    <message>
        <source>Waiting for a restart: %1.</source>
        <translation>En attente d’un redémarrage : %1.</translation>
    </message>
    <message>
        <source>The daemon could not reload: %1</source>
        <translation>Le démon n’a pas pu recharger : %1</translation>
    </message>
</context>
<context>
    <name>pmcp::ConnectPage</name>
    <message>
        <source>&amp;Connect</source>
        <translation>Se &amp;connecter</translation>
    </message>
    <message>
        <source>Connect to a daemon</source>
        <translation>Se connecter à un service</translation>
    </message>
    <message>
        <source>&lt;h2&gt;Connect to a daemon&lt;/h2&gt;</source>
        <translation>&lt;h2&gt;Se connecter à un service&lt;/h2&gt;</translation>
    </message>
    <message>
        <source>The daemon&apos;s address and an admin token from &lt;tt&gt;proxmox-mcpd admin-token create NAME&lt;/tt&gt; (the demo prints one). The token is kept in your keychain, never in a file.</source>
        <translation>L&apos;adresse du service et un jeton d&apos;administration donné par &lt;tt&gt;proxmox-mcpd admin-token create NOM&lt;/tt&gt; (la démo en affiche un). Le jeton est gardé dans votre trousseau, jamais dans un fichier.</translation>
    </message>
    <message>
        <source>Connection name</source>
        <translation>Nom de la connexion</translation>
    </message>
    <message>
        <source>My daemon</source>
        <translation>Mon service</translation>
    </message>
    <message>
        <source>Daemon address</source>
        <translation>Adresse du service</translation>
    </message>
    <message>
        <source>Admin token</source>
        <translation>Jeton d&apos;administration</translation>
    </message>
    <message>
        <source>Connect</source>
        <translation>Se connecter</translation>
    </message>
    <message>
        <source>Connection message</source>
        <translation>Message de connexion</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Nom :</translation>
    </message>
    <message>
        <source>&amp;Address:</source>
        <translation>&amp;Adresse :</translation>
    </message>
    <message>
        <source>Admin &amp;token:</source>
        <translation>&amp;Jeton d&apos;administration :</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>Connexion…</translation>
    </message>
</context>
<context>
    <name>pmcp::ConnectionManager</name>
    <message>
        <source>Give the connection a name.</source>
        <translation>Donnez un nom à la connexion.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a daemon&apos;s address: write it as https://host:port.</source>
        <translation>« %1 » n&apos;est pas l&apos;adresse d&apos;un service : écrivez-la sous la forme https://hôte:port.</translation>
    </message>
    <message>
        <source>Paste the admin token (proxmox-mcpd admin-token create NAME prints one).</source>
        <translation>Collez le jeton d&apos;administration (proxmox-mcpd admin-token create NOM en affiche un).</translation>
    </message>
    <message>
        <source>There is no connection named &quot;%1&quot;.</source>
        <translation>Il n&apos;y a pas de connexion nommée « %1 ».</translation>
    </message>
    <message>
        <source>Connected, but this connection was not saved: %1</source>
        <translation>Connecté, mais cette connexion n&apos;a pas été enregistrée : %1</translation>
    </message>
    <message>
        <source>There is already a connection named &quot;%1&quot;: choose another name.</source>
        <translation>Il existe déjà une connexion nommée « %1 » : choisissez un autre nom.</translation>
    </message>
    <message>
        <source>The connection was not changed: %1</source>
        <translation>La connexion n&apos;a pas été modifiée : %1</translation>
    </message>
</context>
<context>
    <name>pmcp::DashboardPage</name>
    <message>
        <source>OK</source>
        <translation>OK</translation>
    </message>
    <message>
        <source>Warning</source>
        <translation>Avertissement</translation>
    </message>
    <message>
        <source>Failing</source>
        <translation>En échec</translation>
    </message>
    <message numerus="yes">
        <source>%n second(s)</source>
        <translation>
            <numerusform>%n seconde</numerusform>
            <numerusform>%n secondes</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n minute(s)</source>
        <translation>
            <numerusform>%n minute</numerusform>
            <numerusform>%n minutes</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n hour(s)</source>
        <translation>
            <numerusform>%n heure</numerusform>
            <numerusform>%n heures</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n day(s)</source>
        <translation>
            <numerusform>%n jour</numerusform>
            <numerusform>%n jours</numerusform>
        </translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nom</translation>
    </message>
    <message>
        <source>State</source>
        <translation>État</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>Pourquoi</translation>
    </message>
    <message>
        <source>Health checks</source>
        <translation>Contrôles de santé</translation>
    </message>
    <message>
        <source>Proxmox targets</source>
        <translation>Cibles Proxmox</translation>
    </message>
    <message>
        <source>Requests</source>
        <translation>Requêtes</translation>
    </message>
    <message>
        <source>per minute</source>
        <translation>par minute</translation>
    </message>
    <message>
        <source>Latency</source>
        <translation>Latence</translation>
    </message>
    <message>
        <source>ms</source>
        <translation>ms</translation>
    </message>
    <message>
        <source>Errors</source>
        <translation>Erreurs</translation>
    </message>
    <message>
        <source>Dashboard</source>
        <translation>Tableau de bord</translation>
    </message>
    <message>
        <source>Health</source>
        <translation>Santé</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>Version</translation>
    </message>
    <message>
        <source>Uptime</source>
        <translation>Durée de fonctionnement</translation>
    </message>
    <message>
        <source>Denied commands and failed authentications</source>
        <translation>Commandes refusées et authentifications échouées</translation>
    </message>
    <message>
        <source>Live updates</source>
        <translation>Mises à jour en direct</translation>
    </message>
    <message>
        <source>Recent events</source>
        <translation>Événements récents</translation>
    </message>
    <message>
        <source>Not connected</source>
        <translation>Non connecté</translation>
    </message>
    <message>
        <source>Live</source>
        <translation>En direct</translation>
    </message>
    <message>
        <source>Offline: %1</source>
        <translation>Hors ligne : %1</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>Connexion…</translation>
    </message>
    <message>
        <source>Health: %1</source>
        <translation>Santé : %1</translation>
    </message>
    <message>
        <source>Version %1</source>
        <translation>Version %1</translation>
    </message>
    <message>
        <source>Up %1</source>
        <translation>En marche depuis %1</translation>
    </message>
    <message>
        <source>Denied commands: %1 in the last hour (%2 since start). Failed authentications: %3 in the last hour (%4 since start).</source>
        <translation>Commandes refusées : %1 dans la dernière heure (%2 depuis le démarrage). Authentifications échouées : %3 dans la dernière heure (%4 depuis le démarrage).</translation>
    </message>
    <message>
        <source>Health unknown: %1</source>
        <translation>Santé inconnue : %1</translation>
    </message>
</context>
<context>
    <name>pmcp::DesktopNotifications</name>
    <message>
        <source>Open</source>
        <translation>Ouvrir</translation>
    </message>
    <message>
        <source>The desktop did not show the notification: %1</source>
        <translation>Le bureau n&apos;a pas affiché la notification : %1</translation>
    </message>
</context>
<context>
    <name>pmcp::Keychain</name>
    <message>
        <source>No keychain is available (%1), so the admin token cannot be kept. Start the desktop&apos;s keychain (for example GNOME Keyring or KWallet) and try again.</source>
        <translation>Aucun trousseau n&apos;est disponible (%1) : le jeton d&apos;administration ne peut pas être gardé. Démarrez le trousseau du bureau (par exemple GNOME Keyring ou KWallet) et réessayez.</translation>
    </message>
    <message>
        <source>The keychain holds no admin token for &quot;%1&quot;.</source>
        <translation>Le trousseau ne contient aucun jeton d&apos;administration pour « %1 ».</translation>
    </message>
    <message>
        <source>The keychain refused access: %1</source>
        <translation>Le trousseau a refusé l&apos;accès : %1</translation>
    </message>
    <message>
        <source>The keychain failed: %1</source>
        <translation>Le trousseau a échoué : %1</translation>
    </message>
</context>
<context>
    <name>pmcp::KeysPage</name>
    <message>
        <source>running…</source>
        <translation>en cours…</translation>
    </message>
    <message>
        <source>done</source>
        <translation>fait</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>échoué</translation>
    </message>
    <message>
        <source>undone</source>
        <translation>annulé</translation>
    </message>
    <message>
        <source>planned</source>
        <translation>prévu</translation>
    </message>
    <message>
        <source>Unknown (not made by a rotation of this daemon).</source>
        <translation>Inconnu (non créé par une rotation de ce démon).</translation>
    </message>
    <message numerus="yes">
        <source>%n day(s)</source>
        <translation>
            <numerusform>%n jour</numerusform>
            <numerusform>%n jours</numerusform>
        </translation>
    </message>
    <message>
        <source>(rotated on %1)</source>
        <translation>(renouvelé le %1)</translation>
    </message>
    <message>
        <source>Its age is not known: rotate it once so that the daemon can tell when it is due.</source>
        <translation>Son âge est inconnu : renouvelez-le une fois pour que le démon sache quand il arrive à échéance.</translation>
    </message>
    <message numerus="yes">
        <source>Due: older than the rotation period of %n day(s).</source>
        <translation>
            <numerusform>À renouveler : plus ancien que la période de rotation de %n jour.</numerusform>
            <numerusform>À renouveler : plus ancien que la période de rotation de %n jours.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Not due: %n day(s) left in the rotation period.</source>
        <translation>
            <numerusform>Pas encore : il reste %n jour dans la période de rotation.</numerusform>
            <numerusform>Pas encore : il reste %n jours dans la période de rotation.</numerusform>
        </translation>
    </message>
    <message>
        <source>Rotation period</source>
        <translation>Période de rotation</translation>
    </message>
    <message>
        <source>SSH key file</source>
        <translation>Fichier de la clé SSH</translation>
    </message>
    <message>
        <source>SSH key fingerprint</source>
        <translation>Empreinte de la clé SSH</translation>
    </message>
    <message>
        <source>SSH key age</source>
        <translation>Âge de la clé SSH</translation>
    </message>
    <message>
        <source>SSH key rotation state</source>
        <translation>État de rotation de la clé SSH</translation>
    </message>
    <message>
        <source>&amp;Plan the key rotation</source>
        <translation>&amp;Planifier la rotation de la clé</translation>
    </message>
    <message>
        <source>List the steps of an SSH key rotation without changing anything</source>
        <translation>Lister les étapes d’une rotation de la clé SSH sans rien modifier</translation>
    </message>
    <message>
        <source>R&amp;otate the key…</source>
        <translation>&amp;Remplacer la clé…</translation>
    </message>
    <message>
        <source>Rotate the SSH key</source>
        <translation>Renouveler la clé SSH</translation>
    </message>
    <message>
        <source>API token id</source>
        <translation>Identifiant du jeton d’API</translation>
    </message>
    <message>
        <source>API token age</source>
        <translation>Âge du jeton d’API</translation>
    </message>
    <message>
        <source>API token rotation state</source>
        <translation>État de rotation du jeton d’API</translation>
    </message>
    <message>
        <source>Plan the &amp;token rotation</source>
        <translation>Planifier la rotation du &amp;jeton</translation>
    </message>
    <message>
        <source>List the steps of an API token rotation without changing anything</source>
        <translation>Lister les étapes d’une rotation du jeton d’API sans rien modifier</translation>
    </message>
    <message>
        <source>Rotat&amp;e the token…</source>
        <translation>Remplacer le j&amp;eton…</translation>
    </message>
    <message>
        <source>Rotate the Proxmox API token</source>
        <translation>Renouveler le jeton d’API Proxmox</translation>
    </message>
    <message>
        <source>Rotation</source>
        <translation>Rotation</translation>
    </message>
    <message>
        <source>Check &amp;again</source>
        <translation>&amp;Interroger à nouveau</translation>
    </message>
    <message>
        <source>Ask the daemon for the credentials again</source>
        <translation>Redemander les identifiants au démon</translation>
    </message>
    <message>
        <source>Keys message</source>
        <translation>Message des clés</translation>
    </message>
    <message>
        <source>Rotate</source>
        <translation>Renouveler</translation>
    </message>
    <message>
        <source>Keys and tokens</source>
        <translation>Clés et jetons</translation>
    </message>
    <message>
        <source>Rotation steps</source>
        <translation>Étapes de la rotation</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>Étape</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nom</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>Résultat</translation>
    </message>
    <message>
        <source>What happened</source>
        <translation>Ce qui s’est passé</translation>
    </message>
    <message>
        <source>No rotation has run since this window connected.</source>
        <translation>Aucune rotation depuis la connexion de cette fenêtre.</translation>
    </message>
    <message>
        <source>SSH key</source>
        <translation>Clé SSH</translation>
    </message>
    <message>
        <source>File:</source>
        <translation>Fichier :</translation>
    </message>
    <message>
        <source>Fingerprint:</source>
        <translation>Empreinte :</translation>
    </message>
    <message>
        <source>Age:</source>
        <translation>Âge :</translation>
    </message>
    <message>
        <source>Proxmox API token</source>
        <translation>Jeton d’API Proxmox</translation>
    </message>
    <message>
        <source>Token:</source>
        <translation>Jeton :</translation>
    </message>
    <message>
        <source>Not known: %1</source>
        <translation>Inconnu : %1</translation>
    </message>
    <message numerus="yes">
        <source>A credential is due for rotation after %n day(s) (ROTATION_DAYS).</source>
        <translation>
            <numerusform>Un identifiant est à renouveler après %n jour (ROTATION_DAYS).</numerusform>
            <numerusform>Un identifiant est à renouveler après %n jours (ROTATION_DAYS).</numerusform>
        </translation>
    </message>
    <message>
        <source>SSH is off (ENABLE_SSH=false): there is no key to rotate.</source>
        <translation>SSH est désactivé (ENABLE_SSH=false) : il n’y a aucune clé à renouveler.</translation>
    </message>
    <message>
        <source>%1 (the file is missing)</source>
        <translation>%1 (le fichier est absent)</translation>
    </message>
    <message>
        <source>Not readable.</source>
        <translation>Illisible.</translation>
    </message>
    <message>
        <source>No API token is configured (ENABLE_PROXMOX_API=false or no PROXMOX_TOKEN_NAME).</source>
        <translation>Aucun jeton d’API n’est configuré (ENABLE_PROXMOX_API=false ou pas de PROXMOX_TOKEN_NAME).</translation>
    </message>
    <message>
        <source>Rotate the SSH key %1?

The daemon makes a new key, authorizes it on the host, logs in with it, backs up its state, switches to the new key and then removes the old one from the host. If a step fails, the steps before it are undone and the old key works as before.</source>
        <translation>Renouveler la clé SSH %1 ?

Le démon crée une nouvelle clé, l’autorise sur l’hôte, s’y connecte avec elle, sauvegarde son état, passe à la nouvelle clé puis retire l’ancienne de l’hôte. Si une étape échoue, les étapes précédentes sont annulées et l’ancienne clé fonctionne comme avant.</translation>
    </message>
    <message>
        <source>Rotate the Proxmox API token %1?

The daemon makes a new token with the same privileges and permissions, proves that it works, switches to it and then deletes the old token. If a step fails, the steps before it are undone and the old token works as before.</source>
        <translation>Renouveler le jeton d’API Proxmox %1 ?

Le démon crée un nouveau jeton avec les mêmes privilèges et permissions, vérifie qu’il fonctionne, passe à ce jeton puis supprime l’ancien. Si une étape échoue, les étapes précédentes sont annulées et l’ancien jeton fonctionne comme avant.</translation>
    </message>
    <message>
        <source>Nothing was rotated.</source>
        <translation>Rien n’a été renouvelé.</translation>
    </message>
    <message>
        <source>Planning the SSH key rotation…</source>
        <translation>Planification de la rotation de la clé SSH…</translation>
    </message>
    <message>
        <source>Planning the API token rotation…</source>
        <translation>Planification de la rotation du jeton d’API…</translation>
    </message>
    <message>
        <source>Rotating the SSH key…</source>
        <translation>Rotation de la clé SSH…</translation>
    </message>
    <message>
        <source>Rotating the API token…</source>
        <translation>Rotation du jeton d’API…</translation>
    </message>
    <message>
        <source>The rotation did not start.</source>
        <translation>La rotation n’a pas démarré.</translation>
    </message>
    <message>
        <source>The rotation did not start: %1</source>
        <translation>La rotation n’a pas démarré : %1</translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>%1 sur %2</translation>
    </message>
    <message>
        <source>The plan of an SSH key rotation (nothing was changed).</source>
        <translation>Le plan d’une rotation de la clé SSH (rien n’a été modifié).</translation>
    </message>
    <message>
        <source>The plan of an API token rotation (nothing was changed).</source>
        <translation>Le plan d’une rotation du jeton d’API (rien n’a été modifié).</translation>
    </message>
    <message>
        <source>The SSH key was rotated.</source>
        <translation>La clé SSH a été renouvelée.</translation>
    </message>
    <message>
        <source>The API token was rotated.</source>
        <translation>Le jeton d’API a été renouvelé.</translation>
    </message>
    <message>
        <source>The SSH key rotation failed.</source>
        <translation>La rotation de la clé SSH a échoué.</translation>
    </message>
    <message>
        <source>The API token rotation failed.</source>
        <translation>La rotation du jeton d’API a échoué.</translation>
    </message>
    <message>
        <source>The old key still works: every step before was undone.</source>
        <translation>L’ancienne clé fonctionne toujours : chaque étape précédente a été annulée.</translation>
    </message>
    <message>
        <source>The old token still works: every step before was undone.</source>
        <translation>L’ancien jeton fonctionne toujours : chaque étape précédente a été annulée.</translation>
    </message>
    <message>
        <source>Undoing a step failed too: check the credential on the host before the next call needs it.</source>
        <translation>L’annulation d’une étape a elle aussi échoué : vérifiez l’identifiant sur l’hôte avant que le prochain appel en ait besoin.</translation>
    </message>
</context>
<context>
    <name>pmcp::MainWindow</name>
    <message>
        <source>proxmox-mcp control center %1</source>
        <translation>Centre de contrôle proxmox-mcp %1</translation>
    </message>
    <message>
        <source>Connections</source>
        <translation>Connexions</translation>
    </message>
    <message>
        <source>Connection</source>
        <translation>Connexion</translation>
    </message>
    <message>
        <source>Add a connection…</source>
        <translation>Ajouter une connexion…</translation>
    </message>
    <message>
        <source>Add a connection</source>
        <translation>Ajouter une connexion</translation>
    </message>
    <message>
        <source>Pages</source>
        <translation>Pages</translation>
    </message>
    <message>
        <source>&amp;Dashboard</source>
        <translation>&amp;Tableau de bord</translation>
    </message>
    <message>
        <source>C&amp;lients</source>
        <translation>C&amp;lients</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>État</translation>
    </message>
    <message>
        <source>Connecting to %1…</source>
        <translation>Connexion à %1…</translation>
    </message>
    <message>
        <source>Connected to %1 (%2)</source>
        <translation>Connecté à %1 (%2)</translation>
    </message>
    <message>
        <source>%1 — %2</source>
        <translation>%1 — %2</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Langue</translation>
    </message>
    <message>
        <source>System language</source>
        <translation>Langue du système</translation>
    </message>
    <message>
        <source>The language changes at the next start.</source>
        <translation>La langue change au prochain démarrage.</translation>
    </message>
    <message>
        <source>Con&amp;figuration</source>
        <translation>Con&amp;figuration</translation>
    </message>
    <message>
        <source>&amp;Backups</source>
        <translation>&amp;Sauvegardes</translation>
    </message>
    <message>
        <source>A&amp;udit &amp;&amp; security</source>
        <translation>A&amp;udit &amp;&amp; sécurité</translation>
    </message>
    <message>
        <source>Ed&amp;it…</source>
        <translation>Mod&amp;ifier…</translation>
    </message>
    <message>
        <source>Edit the chosen connection</source>
        <translation>Modifier la connexion choisie</translation>
    </message>
    <message>
        <source>Remove t&amp;his connection…</source>
        <translation>Supprimer cette conne&amp;xion…</translation>
    </message>
    <message>
        <source>Remove the chosen connection</source>
        <translation>Supprimer la connexion choisie</translation>
    </message>
    <message>
        <source>Remove the connection</source>
        <translation>Supprimer la connexion</translation>
    </message>
    <message>
        <source>Remove the connection &quot;%1&quot; and its admin token from the keychain?</source>
        <translation>Supprimer la connexion « %1 » et son jeton d&apos;administration du trousseau ?</translation>
    </message>
    <message>
        <source>The connection &quot;%1&quot; is saved.</source>
        <translation>La connexion « %1 » est enregistrée.</translation>
    </message>
    <message>
        <source>The connection &quot;%1&quot; is removed.</source>
        <translation>La connexion « %1 » est supprimée.</translation>
    </message>
    <message>
        <source>Edit the connection %1</source>
        <translation>Modifier la connexion %1</translation>
    </message>
    <message>
        <source>Edit a connection</source>
        <translation>Modifier une connexion</translation>
    </message>
    <message>
        <source>Connection name</source>
        <translation>Nom de la connexion</translation>
    </message>
    <message>
        <source>Daemon address</source>
        <translation>Adresse du service</translation>
    </message>
    <message>
        <source>New admin token</source>
        <translation>Nouveau jeton d&apos;administration</translation>
    </message>
    <message>
        <source>empty: keep the token in the keychain</source>
        <translation>vide : garder le jeton du trousseau</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>&amp;Enregistrer</translation>
    </message>
    <message>
        <source>Save the connection</source>
        <translation>Enregistrer la connexion</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Annuler</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Nom :</translation>
    </message>
    <message>
        <source>&amp;Address:</source>
        <translation>&amp;Adresse :</translation>
    </message>
    <message>
        <source>&amp;Keys &amp;&amp; tokens</source>
        <translation>&amp;Clés &amp;&amp; jetons</translation>
    </message>
    <message>
        <source>New admin &amp;token:</source>
        <translation>Nouveau &amp;jeton d&apos;administration :</translation>
    </message>
</context>
<context>
    <name>pmcp::SeriesChart</name>
    <message>
        <source>%1: %2 %3 in the last minute, at most %4 %3 per minute over the last hour</source>
        <translation>%1 : %2 %3 dans la dernière minute, au plus %4 %3 par minute sur la dernière heure</translation>
    </message>
    <message>
        <source>max %1</source>
        <translation>max. %1</translation>
    </message>
</context>
<context>
    <name>pmcp::TrayNotifier</name>
    <message>
        <source>The daemon is healthy.</source>
        <translation>Le service est en bonne santé.</translation>
    </message>
    <message>
        <source>The daemon is degraded.</source>
        <translation>Le service est dégradé.</translation>
    </message>
    <message>
        <source>The daemon is unhealthy.</source>
        <translation>Le service est en panne.</translation>
    </message>
    <message>
        <source>The daemon is not connected.</source>
        <translation>Le service n&apos;est pas connecté.</translation>
    </message>
    <message>
        <source>proxmox-mcp</source>
        <translation>proxmox-mcp</translation>
    </message>
    <message>
        <source>Open the &amp;dashboard</source>
        <translation>Ouvrir le &amp;tableau de bord</translation>
    </message>
    <message>
        <source>Open the &amp;clients</source>
        <translation>Ouvrir les &amp;clients</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Quitter</translation>
    </message>
    <message>
        <source>proxmox-mcp notifier</source>
        <translation>Notifications proxmox-mcp</translation>
    </message>
    <message>
        <source>This desktop has no system tray, so the notifier runs in this window.</source>
        <translation>Ce bureau n&apos;a pas de zone de notification : le notificateur tourne dans cette fenêtre.</translation>
    </message>
    <message>
        <source>Health</source>
        <translation>Santé</translation>
    </message>
    <message>
        <source>&amp;Open the control center</source>
        <translation>&amp;Ouvrir le centre de contrôle</translation>
    </message>
    <message>
        <source>%1 asks for access</source>
        <translation>%1 demande l&apos;accès</translation>
    </message>
    <message>
        <source>proxmox-mcp alert (%1)</source>
        <translation>Alerte proxmox-mcp (%1)</translation>
    </message>
    <message>
        <source>%1 asks for access (%2)</source>
        <translation>%1 demande l&apos;accès (%2)</translation>
    </message>
    <message>
        <source>Access request %1 from %2</source>
        <translation>Demande d&apos;accès %1 de %2</translation>
    </message>
    <message>
        <source>&amp;Approve…</source>
        <translation>&amp;Approuver…</translation>
    </message>
    <message>
        <source>&amp;Reject</source>
        <translation>&amp;Refuser</translation>
    </message>
    <message>
        <source>Approve %1</source>
        <translation>Approuver %1</translation>
    </message>
    <message>
        <source>Approve an access request</source>
        <translation>Approuver une demande d&apos;accès</translation>
    </message>
    <message>
        <source>%1 (request code %2, redirecting to %3) asks for %4 access.</source>
        <translation>%1 (code de demande %2, redirection vers %3) demande un accès %4.</translation>
    </message>
    <message>
        <source>The request</source>
        <translation>La demande</translation>
    </message>
    <message>
        <source>Scope to grant</source>
        <translation>Portée à accorder</translation>
    </message>
    <message>
        <source>Read-only</source>
        <translation>Lecture seule</translation>
    </message>
    <message>
        <source>Full</source>
        <translation>Complet</translation>
    </message>
    <message>
        <source>Days the approval lasts</source>
        <translation>Durée de l&apos;autorisation en jours</translation>
    </message>
    <message>
        <source> days</source>
        <translation> jours</translation>
    </message>
    <message>
        <source>&amp;Approve</source>
        <translation>&amp;Approuver</translation>
    </message>
    <message>
        <source>Approve the request</source>
        <translation>Approuver la demande</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Annuler</translation>
    </message>
    <message>
        <source>&amp;Scope:</source>
        <translation>&amp;Portée :</translation>
    </message>
    <message>
        <source>&amp;Expires after:</source>
        <translation>E&amp;xpire après :</translation>
    </message>
    <message>
        <source>Approved %1 (%2)</source>
        <translation>%1 approuvée (%2)</translation>
    </message>
    <message>
        <source>%1 is not approved</source>
        <translation>%1 n&apos;est pas approuvée</translation>
    </message>
    <message>
        <source>The client can now use the tools its scope allows.</source>
        <translation>Le client peut maintenant utiliser les outils que sa portée permet.</translation>
    </message>
    <message>
        <source>Rejected %1</source>
        <translation>%1 refusée</translation>
    </message>
    <message>
        <source>%1 is not rejected</source>
        <translation>%1 n&apos;est pas refusée</translation>
    </message>
    <message>
        <source>The client gets no access.</source>
        <translation>Le client n&apos;obtient aucun accès.</translation>
    </message>
    <message>
        <source>Request code %1, redirecting to %2. Approve it here with the scope and expiry you choose, or open the clients page.</source>
        <translation>Code de demande %1, redirection vers %2. Approuvez-la ici avec la portée et l&apos;expiration de votre choix, ou ouvrez la page des clients.</translation>
    </message>
    <message>
        <source>Approve…</source>
        <translation>Approuver…</translation>
    </message>
</context>
<context>
    <name>pmcp::admin::AdminClient</name>
    <message>
        <source>The daemon at %1 answered with something that is not a JSON object.</source>
        <translation>Le service à %1 a répondu par autre chose qu&apos;un objet JSON.</translation>
    </message>
    <message>
        <source>The certificate of %1 (SHA-256 %2) was not trusted, so nothing was sent to it.</source>
        <translation>Le certificat de %1 (SHA-256 %2) n&apos;a pas été approuvé : rien ne lui a été envoyé.</translation>
    </message>
    <message>
        <source>The certificate of %1 changed: it is now SHA-256 %2, but %3 was trusted. Nothing was sent. If the daemon&apos;s certificate was replaced on purpose, trust the new one in the connection&apos;s settings.</source>
        <translation>Le certificat de %1 a changé : c&apos;est maintenant SHA-256 %2, alors que %3 était approuvé. Rien n&apos;a été envoyé. Si le certificat du service a été remplacé volontairement, approuvez le nouveau dans les réglages de la connexion.</translation>
    </message>
    <message>
        <source>The certificate of %1 (SHA-256 %2) is not trusted yet, so nothing was sent to it.</source>
        <translation>Le certificat de %1 (SHA-256 %2) n&apos;est pas encore approuvé : rien ne lui a été envoyé.</translation>
    </message>
    <message>
        <source>The daemon at %1 did not accept the admin token (%2).</source>
        <translation>Le service à %1 n&apos;a pas accepté le jeton d&apos;administration (%2).</translation>
    </message>
    <message>
        <source>%1 (HTTP %2)</source>
        <translation>%1 (HTTP %2)</translation>
    </message>
    <message>
        <source>Nothing answers at %1: the daemon is not running, or it listens elsewhere.</source>
        <translation>Rien ne répond à %1 : le service ne tourne pas, ou il écoute ailleurs.</translation>
    </message>
    <message>
        <source>The host of %1 is not known.</source>
        <translation>L&apos;hôte de %1 est inconnu.</translation>
    </message>
    <message>
        <source>The daemon at %1 did not answer in time.</source>
        <translation>Le service à %1 n&apos;a pas répondu à temps.</translation>
    </message>
    <message>
        <source>The daemon at %1 closed the connection.</source>
        <translation>Le service à %1 a fermé la connexion.</translation>
    </message>
    <message>
        <source>The TLS connection to %1 failed: %2</source>
        <translation>La connexion TLS à %1 a échoué : %2</translation>
    </message>
    <message>
        <source>The daemon at %1 could not be reached: %2</source>
        <translation>Le service à %1 est injoignable : %2</translation>
    </message>
    <message>
        <source>The daemon at %1 speaks admin API version %2; this control center speaks version %3.</source>
        <translation>Le service à %1 parle la version %2 de l&apos;API d&apos;administration ; ce centre de contrôle parle la version %3.</translation>
    </message>
</context>
<context>
    <name>pmcp::admin::EventStreamClient</name>
    <message>
        <source>The daemon ended the event stream.</source>
        <translation>Le service a mis fin au flux d&apos;événements.</translation>
    </message>
</context>
</TS>

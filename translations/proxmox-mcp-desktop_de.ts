<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>main</name>
    <message>
        <source>The proxmox-mcp control center.</source>
        <translation>Das proxmox-mcp Kontrollzentrum.</translation>
    </message>
    <message>
        <source>Open the connect page with this daemon address.</source>
        <translation>Die Verbindungsseite mit dieser Adresse eines Dienstes öffnen.</translation>
    </message>
    <message>
        <source>Run only the tray notifier; its menu opens the window.</source>
        <translation>Nur die Benachrichtigungen im Infobereich ausführen; ihr Menü öffnet das Fenster.</translation>
    </message>
</context>
<context>
    <name>pmcp::AuditPage</name>
    <message>
        <source>denied</source>
        <translation>abgelehnt</translation>
    </message>
    <message>
        <source>allowed</source>
        <translation>erlaubt</translation>
    </message>
    <message>
        <source>Denied onl&amp;y</source>
        <translation>Nur abgele&amp;hnte</translation>
    </message>
    <message>
        <source>&amp;Time range:</source>
        <translation>&amp;Zeitraum:</translation>
    </message>
    <message>
        <source>&amp;Search</source>
        <translation>S&amp;uchen</translation>
    </message>
    <message>
        <source>Show the entries the filters match</source>
        <translation>Die Einträge zeigen, auf die die Filter passen</translation>
    </message>
    <message>
        <source>Audit entries</source>
        <translation>Audit-Einträge</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <source>Client</source>
        <translation>Client</translation>
    </message>
    <message>
        <source>Tool</source>
        <translation>Werkzeug</translation>
    </message>
    <message>
        <source>Decision</source>
        <translation>Entscheidung</translation>
    </message>
    <message>
        <source>Rule</source>
        <translation>Regel</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>Ergebnis</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>Dauer</translation>
    </message>
    <message>
        <source>Arguments</source>
        <translation>Argumente</translation>
    </message>
    <message>
        <source>&amp;Previous</source>
        <translation>&amp;Vorherige</translation>
    </message>
    <message>
        <source>Previous page of entries</source>
        <translation>Vorherige Seite der Einträge</translation>
    </message>
    <message>
        <source>&amp;Next</source>
        <translation>&amp;Nächste</translation>
    </message>
    <message>
        <source>Next page of entries</source>
        <translation>Nächste Seite der Einträge</translation>
    </message>
    <message>
        <source>Entries shown</source>
        <translation>Angezeigte Einträge</translation>
    </message>
    <message>
        <source>&amp;Verify the chain</source>
        <translation>Kette &amp;prüfen</translation>
    </message>
    <message>
        <source>Verify the audit log&apos;s chain</source>
        <translation>Die Kette des Audit-Protokolls prüfen</translation>
    </message>
    <message>
        <source>Chain verification</source>
        <translation>Prüfung der Kette</translation>
    </message>
    <message>
        <source>Export &amp;CSV…</source>
        <translation>Als &amp;CSV exportieren…</translation>
    </message>
    <message>
        <source>Export the matching entries to CSV</source>
        <translation>Die passenden Einträge als CSV exportieren</translation>
    </message>
    <message>
        <source>Export &amp;JSON…</source>
        <translation>Als &amp;JSON exportieren…</translation>
    </message>
    <message>
        <source>Export the matching entries to JSON</source>
        <translation>Die passenden Einträge als JSON exportieren</translation>
    </message>
    <message>
        <source>Denied commands</source>
        <translation>Abgelehnte Befehle</translation>
    </message>
    <message>
        <source>Command</source>
        <translation>Befehl</translation>
    </message>
    <message>
        <source>Security checks</source>
        <translation>Sicherheitsprüfungen</translation>
    </message>
    <message>
        <source>Audit message</source>
        <translation>Audit-Meldung</translation>
    </message>
    <message>
        <source>Export the audit entries</source>
        <translation>Die Audit-Einträge exportieren</translation>
    </message>
    <message>
        <source>Not verified yet.</source>
        <translation>Noch nicht geprüft.</translation>
    </message>
    <message>
        <source>Audit and security</source>
        <translation>Audit und Sicherheit</translation>
    </message>
    <message>
        <source>Client filter</source>
        <translation>Filter nach Client</translation>
    </message>
    <message>
        <source>any client</source>
        <translation>jeder Client</translation>
    </message>
    <message>
        <source>Tool filter</source>
        <translation>Filter nach Werkzeug</translation>
    </message>
    <message>
        <source>any tool</source>
        <translation>jedes Werkzeug</translation>
    </message>
    <message>
        <source>Only denied calls</source>
        <translation>Nur abgelehnte Aufrufe</translation>
    </message>
    <message>
        <source>Filter by time range</source>
        <translation>Nach Zeitraum filtern</translation>
    </message>
    <message>
        <source>From (inclusive)</source>
        <translation>Von (einschließlich)</translation>
    </message>
    <message>
        <source>Until (exclusive)</source>
        <translation>Bis (ausschließlich)</translation>
    </message>
    <message>
        <source>Entries per page</source>
        <translation>Einträge pro Seite</translation>
    </message>
    <message>
        <source>Filters</source>
        <translation>Filter</translation>
    </message>
    <message>
        <source>Cli&amp;ent:</source>
        <translation>Cli&amp;ent:</translation>
    </message>
    <message>
        <source>T&amp;ool:</source>
        <translation>&amp;Werkzeug:</translation>
    </message>
    <message>
        <source>Per pa&amp;ge:</source>
        <translation>Pro Sei&amp;te:</translation>
    </message>
    <message>
        <source>Audit log</source>
        <translation>Audit-Protokoll</translation>
    </message>
    <message>
        <source>Security</source>
        <translation>Sicherheit</translation>
    </message>
    <message>
        <source>Commands the policy refused, newest first:</source>
        <translation>Befehle, die die Richtlinie abgelehnt hat, die neuesten zuerst:</translation>
    </message>
    <message>
        <source>The time range ends before it starts: choose a &quot;from&quot; time earlier than the &quot;until&quot; time.</source>
        <translation>Der Zeitraum endet, bevor er beginnt: Wählen Sie eine „Von“-Zeit vor der „Bis“-Zeit.</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 ms</translation>
    </message>
    <message>
        <source>No entry matches the filters.</source>
        <translation>Kein Eintrag passt auf die Filter.</translation>
    </message>
    <message numerus="yes">
        <source>No entries on this page (%n match(es)).</source>
        <translation>
            <numerusform>Keine Einträge auf dieser Seite (%n Treffer).</numerusform>
            <numerusform>Keine Einträge auf dieser Seite (%n Treffer).</numerusform>
        </translation>
    </message>
    <message>
        <source>Entries %1–%2 of %3, newest first.</source>
        <translation>Einträge %1–%2 von %3, die neuesten zuerst.</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>OK</translation>
    </message>
    <message>
        <source>warning</source>
        <translation>Warnung</translation>
    </message>
    <message>
        <source>failing</source>
        <translation>fehlerhaft</translation>
    </message>
    <message>
        <source>%1: %2 — %3</source>
        <translation>%1: %2 — %3</translation>
    </message>
    <message>
        <source>sudoers: this daemon does not report the sudoers files&apos; validity in its health checks; &quot;proxmox-mcpd health-report&quot; checks them over SSH.</source>
        <translation>sudoers: Dieser Dienst meldet die Gültigkeit der sudoers-Dateien nicht in seinen Zustandsprüfungen; „proxmox-mcpd health-report“ prüft sie über SSH.</translation>
    </message>
    <message>
        <source>Verifying…</source>
        <translation>Wird geprüft…</translation>
    </message>
    <message>
        <source>The chain could not be verified: %1</source>
        <translation>Die Kette konnte nicht geprüft werden: %1</translation>
    </message>
    <message numerus="yes">
        <source>The chain is intact: %n entry(ies) checked, every link matches.</source>
        <translation>
            <numerusform>Die Kette ist intakt: %n Eintrag geprüft, jedes Glied stimmt.</numerusform>
            <numerusform>Die Kette ist intakt: %n Einträge geprüft, jedes Glied stimmt.</numerusform>
        </translation>
    </message>
    <message>
        <source>The chain is broken at %1, line %2: %3</source>
        <translation>Die Kette ist in %1, Zeile %2 unterbrochen: %3</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV-Dateien (*.csv)</translation>
    </message>
    <message>
        <source>JSON files (*.json)</source>
        <translation>JSON-Dateien (*.json)</translation>
    </message>
    <message>
        <source>Nothing was exported.</source>
        <translation>Nichts wurde exportiert.</translation>
    </message>
    <message>
        <source>Exporting to %1…</source>
        <translation>Export nach %1…</translation>
    </message>
    <message>
        <source>Nothing was exported: %1</source>
        <translation>Nichts wurde exportiert: %1</translation>
    </message>
    <message>
        <source>the connection to the daemon is closed.</source>
        <translation>die Verbindung zum Dienst ist geschlossen.</translation>
    </message>
    <message>
        <source>Nothing was exported: %1 could not be written (%2).</source>
        <translation>Nichts wurde exportiert: %1 konnte nicht geschrieben werden (%2).</translation>
    </message>
    <message numerus="yes">
        <source>Exported %n entry(ies) to %1.</source>
        <translation>
            <numerusform>%n Eintrag nach %1 exportiert.</numerusform>
            <numerusform>%n Einträge nach %1 exportiert.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n matching entry(ies) beyond the daemon&apos;s paging limit were left out: narrow the filters.</source>
        <translation>
            <numerusform>%n passender Eintrag jenseits der Seitengrenze des Dienstes wurde ausgelassen: Grenzen Sie die Filter ein.</numerusform>
            <numerusform>%n passende Einträge jenseits der Seitengrenze des Dienstes wurden ausgelassen: Grenzen Sie die Filter ein.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>pmcp::BackupsPage</name>
    <message numerus="yes">
        <source>%n second(s)</source>
        <translation>
            <numerusform>%n Sekunde</numerusform>
            <numerusform>%n Sekunden</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n minute(s)</source>
        <translation>
            <numerusform>%n Minute</numerusform>
            <numerusform>%n Minuten</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n hour(s)</source>
        <translation>
            <numerusform>%n Stunde</numerusform>
            <numerusform>%n Stunden</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n day(s)</source>
        <translation>
            <numerusform>%n Tag</numerusform>
            <numerusform>%n Tage</numerusform>
        </translation>
    </message>
    <message>
        <source>verified</source>
        <translation>geprüft</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>fehlgeschlagen</translation>
    </message>
    <message>
        <source>not verified</source>
        <translation>nicht geprüft</translation>
    </message>
    <message>
        <source>Writing</source>
        <translation>Schreiben</translation>
    </message>
    <message>
        <source>Verifying</source>
        <translation>Prüfen</translation>
    </message>
    <message>
        <source>Saving the current state</source>
        <translation>Den aktuellen Stand sichern</translation>
    </message>
    <message>
        <source>Restoring</source>
        <translation>Wiederherstellen</translation>
    </message>
    <message>
        <source>the configuration file and its kept versions</source>
        <translation>die Konfigurationsdatei und ihre aufbewahrten Versionen</translation>
    </message>
    <message>
        <source>the SSH key, the known hosts and the rotation record</source>
        <translation>den SSH-Schlüssel, die bekannten Hosts und den Rotationsnachweis</translation>
    </message>
    <message>
        <source>the client tokens, the admin tokens and the OAuth grants</source>
        <translation>die Client-Tokens, die Admin-Tokens und die OAuth-Freigaben</translation>
    </message>
    <message>
        <source>the audit log and its key</source>
        <translation>das Audit-Protokoll und seinen Schlüssel</translation>
    </message>
    <message>
        <source>Backup folder</source>
        <translation>Sicherungsordner</translation>
    </message>
    <message>
        <source>Back up the daemon&apos;s state now</source>
        <translation>Den Stand des Dienstes jetzt sichern</translation>
    </message>
    <message>
        <source>&amp;Verify</source>
        <translation>&amp;Prüfen</translation>
    </message>
    <message>
        <source>Verify the selected backup</source>
        <translation>Die gewählte Sicherung prüfen</translation>
    </message>
    <message>
        <source>&amp;Restore…</source>
        <translation>&amp;Wiederherstellen…</translation>
    </message>
    <message>
        <source>Restore from the selected backup</source>
        <translation>Aus der gewählten Sicherung wiederherstellen</translation>
    </message>
    <message>
        <source>Retention</source>
        <translation>Aufbewahrung</translation>
    </message>
    <message>
        <source>Schedule</source>
        <translation>Zeitplan</translation>
    </message>
    <message>
        <source>&amp;Change in Configuration</source>
        <translation>In der Konfiguration ä&amp;ndern</translation>
    </message>
    <message>
        <source>Change retention and schedule on the Configuration page</source>
        <translation>Aufbewahrung und Zeitplan auf der Seite Konfiguration ändern</translation>
    </message>
    <message>
        <source>Backups message</source>
        <translation>Meldung der Sicherungen</translation>
    </message>
    <message>
        <source>Restore</source>
        <translation>Wiederherstellen</translation>
    </message>
    <message>
        <source>Backups</source>
        <translation>Sicherungen</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Größe</translation>
    </message>
    <message>
        <source>Age</source>
        <translation>Alter</translation>
    </message>
    <message>
        <source>Verification</source>
        <translation>Prüfung</translation>
    </message>
    <message>
        <source>What to restore</source>
        <translation>Was wiederhergestellt wird</translation>
    </message>
    <message>
        <source>Everything</source>
        <translation>Alles</translation>
    </message>
    <message>
        <source>Configuration</source>
        <translation>Konfiguration</translation>
    </message>
    <message>
        <source>Keys</source>
        <translation>Schlüssel</translation>
    </message>
    <message>
        <source>Clients</source>
        <translation>Clients</translation>
    </message>
    <message>
        <source>Audit log</source>
        <translation>Audit-Protokoll</translation>
    </message>
    <message>
        <source>Backup progress</source>
        <translation>Fortschritt der Sicherung</translation>
    </message>
    <message>
        <source>Idle</source>
        <translation>Bereit</translation>
    </message>
    <message>
        <source>Backups of the daemon&apos;s state</source>
        <translation>Sicherungen des Dienststands</translation>
    </message>
    <message>
        <source>Restore &amp;part:</source>
        <translation>Wiederherzustellender &amp;Teil:</translation>
    </message>
    <message>
        <source>Retention and schedule</source>
        <translation>Aufbewahrung und Zeitplan</translation>
    </message>
    <message>
        <source>Kept:</source>
        <translation>Aufbewahrt:</translation>
    </message>
    <message>
        <source>Scheduled:</source>
        <translation>Geplant:</translation>
    </message>
    <message>
        <source>Not known: %1</source>
        <translation>Nicht bekannt: %1</translation>
    </message>
    <message>
        <source>No backups yet in %1.</source>
        <translation>Noch keine Sicherungen in %1.</translation>
    </message>
    <message numerus="yes">
        <source>%n backup(s) in %1.</source>
        <translation>
            <numerusform>%n Sicherung in %1.</numerusform>
            <numerusform>%n Sicherungen in %1.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>The newest %n backup(s)</source>
        <translation>
            <numerusform>Die neueste Sicherung</numerusform>
            <numerusform>Die neuesten %n Sicherungen</numerusform>
        </translation>
    </message>
    <message>
        <source>Any number</source>
        <translation>Beliebig viele</translation>
    </message>
    <message numerus="yes">
        <source>, none older than %n day(s) (the newest always stays).</source>
        <translation>
            <numerusform>, keine älter als %n Tag (die neueste bleibt immer).</numerusform>
            <numerusform>, keine älter als %n Tage (die neueste bleibt immer).</numerusform>
        </translation>
    </message>
    <message>
        <source>, whatever their age.</source>
        <translation>, unabhängig vom Alter.</translation>
    </message>
    <message>
        <source>No scheduled backups (BACKUP_SCHEDULE is empty).</source>
        <translation>Keine geplanten Sicherungen (BACKUP_SCHEDULE ist leer).</translation>
    </message>
    <message>
        <source>%1, local time (BACKUP_SCHEDULE).</source>
        <translation>%1, Ortszeit (BACKUP_SCHEDULE).</translation>
    </message>
    <message>
        <source>%1 %2: %p%</source>
        <translation>%1 %2: %p %</translation>
    </message>
    <message>
        <source>Starting the backup…</source>
        <translation>Die Sicherung beginnt…</translation>
    </message>
    <message>
        <source>The backup failed: %1</source>
        <translation>Die Sicherung ist fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>Backed up to %1 (%2), verified.</source>
        <translation>Gesichert in %1 (%2), geprüft.</translation>
    </message>
    <message numerus="yes">
        <source>%1 is intact: %n file(s) checked, every SHA-256 matches.</source>
        <translation>
            <numerusform>%1 ist intakt: %n Datei geprüft, jede SHA-256-Summe stimmt.</numerusform>
            <numerusform>%1 ist intakt: %n Dateien geprüft, jede SHA-256-Summe stimmt.</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 is damaged: the first bad file is %2. The daemon says: %3</source>
        <translation>%1 ist beschädigt: Die erste fehlerhafte Datei ist %2. Der Dienst meldet: %3</translation>
    </message>
    <message>
        <source>%1 does not verify. The daemon says: %2</source>
        <translation>%1 besteht die Prüfung nicht. Der Dienst meldet: %2</translation>
    </message>
    <message>
        <source>Choose a backup first.</source>
        <translation>Wählen Sie zuerst eine Sicherung.</translation>
    </message>
    <message>
        <source>Verifying %1…</source>
        <translation>%1 wird geprüft…</translation>
    </message>
    <message>
        <source>The backup could not be verified: %1</source>
        <translation>Die Sicherung konnte nicht geprüft werden: %1</translation>
    </message>
    <message>
        <source>%1 and %2</source>
        <translation>%1 und %2</translation>
    </message>
    <message>
        <source>Restore from %1?

This replaces %2 with what the backup holds. The current state is saved as a backup first (a …-pre-restore.tar.gz), so this can be undone.</source>
        <translation>Aus %1 wiederherstellen?

Dies ersetzt %2 durch den Inhalt der Sicherung. Der aktuelle Stand wird zuerst als Sicherung gespeichert (eine …-pre-restore.tar.gz), sodass sich dies rückgängig machen lässt.</translation>
    </message>
    <message>
        <source>Nothing was restored.</source>
        <translation>Nichts wurde wiederhergestellt.</translation>
    </message>
    <message>
        <source>Restoring %1…</source>
        <translation>%1 wird wiederhergestellt…</translation>
    </message>
    <message>
        <source>Nothing was restored: %1</source>
        <translation>Nichts wurde wiederhergestellt: %1</translation>
    </message>
    <message numerus="yes">
        <source>Restored %1 from %2 (%n file(s)). The state before was saved as %3.</source>
        <translation>
            <numerusform>%1 aus %2 wiederhergestellt (%n Datei). Der vorherige Stand wurde als %3 gespeichert.</numerusform>
            <numerusform>%1 aus %2 wiederhergestellt (%n Dateien). Der vorherige Stand wurde als %3 gespeichert.</numerusform>
        </translation>
    </message>
    <message>
        <source>The configuration was restored: settings that do not apply live wait for a restart of the daemon.</source>
        <translation>Die Konfiguration wurde wiederhergestellt: Einstellungen, die nicht sofort gelten, warten auf einen Neustart des Dienstes.</translation>
    </message>
    <message>
        <source>Back up &amp;now</source>
        <translation>Jetzt sic&amp;hern</translation>
    </message>
</context>
<context>
    <name>pmcp::CertificateDialog</name>
    <message>
        <source>Trust this daemon&apos;s certificate?</source>
        <translation>Dem Zertifikat dieses Dienstes vertrauen?</translation>
    </message>
    <message>
        <source>%1 presents a certificate this computer has not seen before.</source>
        <translation>%1 zeigt ein Zertifikat, das dieser Rechner noch nicht gesehen hat.</translation>
    </message>
    <message>
        <source>SHA-256 fingerprint:
%1

Issued to: %2

Compare it with what the daemon&apos;s host prints (openssl x509 -noout -fingerprint -sha256 -in MCP_TLS_CERT). Trust it only if they are the same.</source>
        <translation>SHA-256-Fingerabdruck:
%1

Ausgestellt für: %2

Vergleichen Sie ihn mit der Ausgabe auf dem Rechner des Dienstes (openssl x509 -noout -fingerprint -sha256 -in MCP_TLS_CERT). Vertrauen Sie ihm nur, wenn beide gleich sind.</translation>
    </message>
    <message>
        <source>Trust</source>
        <translation>Vertrauen</translation>
    </message>
    <message>
        <source>Trust the certificate</source>
        <translation>Dem Zertifikat vertrauen</translation>
    </message>
    <message>
        <source>Do not trust</source>
        <translation>Nicht vertrauen</translation>
    </message>
    <message>
        <source>Do not trust the certificate</source>
        <translation>Dem Zertifikat nicht vertrauen</translation>
    </message>
</context>
<context>
    <name>pmcp::ClientsPage</name>
    <message>
        <source>Read-only</source>
        <translation>Nur lesen</translation>
    </message>
    <message>
        <source>Full</source>
        <translation>Voll</translation>
    </message>
    <message>
        <source>Access requests</source>
        <translation>Zugriffsanfragen</translation>
    </message>
    <message>
        <source>Client</source>
        <translation>Client</translation>
    </message>
    <message>
        <source>Redirect host</source>
        <translation>Weiterleitungsziel</translation>
    </message>
    <message>
        <source>Request code</source>
        <translation>Anfragecode</translation>
    </message>
    <message>
        <source>Scope asked</source>
        <translation>Erbetener Umfang</translation>
    </message>
    <message>
        <source>Expires</source>
        <translation>Läuft ab</translation>
    </message>
    <message>
        <source>Scope to grant</source>
        <translation>Zu gewährender Umfang</translation>
    </message>
    <message>
        <source>&amp;Approve</source>
        <translation>&amp;Genehmigen</translation>
    </message>
    <message>
        <source>Re&amp;ject</source>
        <translation>&amp;Ablehnen</translation>
    </message>
    <message>
        <source>Clients</source>
        <translation>Clients</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Art</translation>
    </message>
    <message>
        <source>Scope</source>
        <translation>Umfang</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Zustand</translation>
    </message>
    <message>
        <source>Last use</source>
        <translation>Zuletzt benutzt</translation>
    </message>
    <message>
        <source>Calls</source>
        <translation>Aufrufe</translation>
    </message>
    <message>
        <source>&amp;Revoke</source>
        <translation>&amp;Widerrufen</translation>
    </message>
    <message>
        <source>Scope of the new token</source>
        <translation>Umfang des neuen Tokens</translation>
    </message>
    <message>
        <source>Create &amp;token</source>
        <translation>&amp;Token erstellen</translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation>&amp;Kopieren</translation>
    </message>
    <message>
        <source>Days the approval lasts</source>
        <translation>Tage, die die Genehmigung gilt</translation>
    </message>
    <message>
        <source> days</source>
        <translation> Tage</translation>
    </message>
    <message>
        <source>Approve the selected request</source>
        <translation>Die gewählte Anfrage genehmigen</translation>
    </message>
    <message>
        <source>Reject the selected request</source>
        <translation>Die gewählte Anfrage ablehnen</translation>
    </message>
    <message>
        <source>Reason for revoking</source>
        <translation>Grund für den Widerruf</translation>
    </message>
    <message>
        <source>Why (kept with the client)</source>
        <translation>Warum (wird beim Client vermerkt)</translation>
    </message>
    <message>
        <source>Revoke the selected client</source>
        <translation>Den gewählten Client widerrufen</translation>
    </message>
    <message>
        <source>Name of the new token</source>
        <translation>Name des neuen Tokens</translation>
    </message>
    <message>
        <source>Days the new token lasts</source>
        <translation>Tage, die das neue Token gilt</translation>
    </message>
    <message>
        <source>never expires</source>
        <translation>läuft nie ab</translation>
    </message>
    <message>
        <source>Create a static token</source>
        <translation>Ein festes Token erstellen</translation>
    </message>
    <message>
        <source>The new token (shown once)</source>
        <translation>Das neue Token (wird nur einmal gezeigt)</translation>
    </message>
    <message>
        <source>Copy the new token</source>
        <translation>Das neue Token kopieren</translation>
    </message>
    <message>
        <source>Lines for Claude Code</source>
        <translation>Zeilen für Claude Code</translation>
    </message>
    <message>
        <source>Clients message</source>
        <translation>Meldung zu Clients</translation>
    </message>
    <message>
        <source>Access requests waiting for you</source>
        <translation>Zugriffsanfragen, die auf Sie warten</translation>
    </message>
    <message>
        <source>Grant:</source>
        <translation>Gewähren:</translation>
    </message>
    <message>
        <source>Clients and tokens</source>
        <translation>Clients und Tokens</translation>
    </message>
    <message>
        <source>New static token</source>
        <translation>Neues festes Token</translation>
    </message>
    <message>
        <source>Na&amp;me:</source>
        <translation>Na&amp;me:</translation>
    </message>
    <message>
        <source>&amp;Scope:</source>
        <translation>&amp;Umfang:</translation>
    </message>
    <message>
        <source>E&amp;xpires after:</source>
        <translation>Läuft &amp;ab nach:</translation>
    </message>
    <message>
        <source>Token:</source>
        <translation>Token:</translation>
    </message>
    <message>
        <source>Claude Code:</source>
        <translation>Claude Code:</translation>
    </message>
    <message>
        <source>The token is on the clipboard.</source>
        <translation>Das Token ist in der Zwischenablage.</translation>
    </message>
    <message>
        <source>OAuth</source>
        <translation>OAuth</translation>
    </message>
    <message>
        <source>Token</source>
        <translation>Token</translation>
    </message>
    <message>
        <source>never</source>
        <translation>nie</translation>
    </message>
    <message>
        <source>Choose a request first.</source>
        <translation>Wählen Sie zuerst eine Anfrage.</translation>
    </message>
    <message>
        <source>Approved %1: the client is &quot;%2&quot;.</source>
        <translation>%1 genehmigt: Der Client heißt „%2“.</translation>
    </message>
    <message>
        <source>Rejected %1.</source>
        <translation>%1 abgelehnt.</translation>
    </message>
    <message>
        <source>Choose a client first.</source>
        <translation>Wählen Sie zuerst einen Client.</translation>
    </message>
    <message>
        <source>Revoked %1: its next request is refused.</source>
        <translation>%1 widerrufen: Seine nächste Anfrage wird abgewiesen.</translation>
    </message>
    <message>
        <source>Give the new token a name.</source>
        <translation>Geben Sie dem neuen Token einen Namen.</translation>
    </message>
    <message>
        <source>Created &quot;%1&quot;. Copy the token now: it is not shown again.</source>
        <translation>„%1“ erstellt. Kopieren Sie das Token jetzt: Es wird nicht noch einmal gezeigt.</translation>
    </message>
</context>
<context>
    <name>pmcp::ConfigPage</name>
    <message>
        <source>&amp;Apply changes</source>
        <translation>Änderungen &amp;anwenden</translation>
    </message>
    <message>
        <source>Apply changes</source>
        <translation>Änderungen anwenden</translation>
    </message>
    <message>
        <source>&amp;Discard changes</source>
        <translation>Änderungen &amp;verwerfen</translation>
    </message>
    <message>
        <source>Discard changes</source>
        <translation>Änderungen verwerfen</translation>
    </message>
    <message>
        <source>&amp;Roll back to the selected version</source>
        <translation>Auf die ausgewählte Version &amp;zurücksetzen</translation>
    </message>
    <message>
        <source>Roll back to the selected version</source>
        <translation>Auf die ausgewählte Version zurücksetzen</translation>
    </message>
    <message>
        <source>Configuration</source>
        <translation>Konfiguration</translation>
    </message>
    <message>
        <source>Configuration versions</source>
        <translation>Konfigurationsversionen</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>Version</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Aktion</translation>
    </message>
    <message>
        <source>By</source>
        <translation>Von</translation>
    </message>
    <message>
        <source>Keys</source>
        <translation>Schlüssel</translation>
    </message>
    <message>
        <source>Configuration message</source>
        <translation>Konfigurationsmeldung</translation>
    </message>
    <message>
        <source>Setting %1</source>
        <translation>Einstellung %1</translation>
    </message>
    <message>
        <source>no default (optional)</source>
        <translation>kein Standardwert (optional)</translation>
    </message>
    <message>
        <source>default: %1</source>
        <translation>Standard: %1</translation>
    </message>
    <message>
        <source>About %1</source>
        <translation>Zu %1</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <source>Kept versions</source>
        <translation>Aufbewahrte Versionen</translation>
    </message>
    <message>
        <source>; applies after a restart</source>
        <translation>; gilt nach einem Neustart</translation>
    </message>
    <message>
        <source>; changed, waiting for a restart</source>
        <translation>; geändert, wartet auf einen Neustart</translation>
    </message>
    <message>
        <source>set (hidden; type to replace)</source>
        <translation>gesetzt (verborgen; zum Ersetzen tippen)</translation>
    </message>
    <message>
        <source>not set</source>
        <translation>nicht gesetzt</translation>
    </message>
    <message>
        <source>valid</source>
        <translation>gültig</translation>
    </message>
    <message>
        <source>%1: a new secret value</source>
        <translation>%1: ein neuer geheimer Wert</translation>
    </message>
    <message>
        <source>%1: removed (the default applies)</source>
        <translation>%1: entfernt (der Standardwert gilt)</translation>
    </message>
    <message>
        <source>%1: %2 → %3</source>
        <translation>%1: %2 → %3</translation>
    </message>
    <message>
        <source>Apply these changes?
%1</source>
        <translation>Diese Änderungen anwenden?
%1</translation>
    </message>
    <message>
        <source>Applied</source>
        <translation>Angewendet</translation>
    </message>
    <message>
        <source>Roll the configuration file back to version %1? The current file is kept as a version.</source>
        <translation>Die Konfigurationsdatei auf Version %1 zurücksetzen? Die aktuelle Datei wird als Version aufbewahrt.</translation>
    </message>
    <message>
        <source>Rolled back to version %1</source>
        <translation>Auf Version %1 zurückgesetzt</translation>
    </message>
    <message>
        <source>In use now: %1.</source>
        <translation>Jetzt in Gebrauch: %1.</translation>
    </message>
    <message>
        <source>Waiting for a restart: %1.</source>
        <translation>Wartet auf einen Neustart: %1.</translation>
    </message>
    <message>
        <source>The daemon could not reload: %1</source>
        <translation>Der Daemon konnte nicht neu laden: %1</translation>
    </message>
</context>
<context>
    <name>pmcp::ConnectPage</name>
    <message>
        <source>&amp;Connect</source>
        <translation>&amp;Verbinden</translation>
    </message>
    <message>
        <source>Connect to a daemon</source>
        <translation>Mit einem Dienst verbinden</translation>
    </message>
    <message>
        <source>&lt;h2&gt;Connect to a daemon&lt;/h2&gt;</source>
        <translation>&lt;h2&gt;Mit einem Dienst verbinden&lt;/h2&gt;</translation>
    </message>
    <message>
        <source>The daemon&apos;s address and an admin token from &lt;tt&gt;proxmox-mcpd admin-token create NAME&lt;/tt&gt; (the demo prints one). The token is kept in your keychain, never in a file.</source>
        <translation>Die Adresse des Dienstes und ein Admin-Token von &lt;tt&gt;proxmox-mcpd admin-token create NAME&lt;/tt&gt; (die Demo gibt eines aus). Das Token wird in Ihrem Schlüsselbund aufbewahrt, nie in einer Datei.</translation>
    </message>
    <message>
        <source>Connection name</source>
        <translation>Name der Verbindung</translation>
    </message>
    <message>
        <source>My daemon</source>
        <translation>Mein Dienst</translation>
    </message>
    <message>
        <source>Daemon address</source>
        <translation>Adresse des Dienstes</translation>
    </message>
    <message>
        <source>Admin token</source>
        <translation>Admin-Token</translation>
    </message>
    <message>
        <source>Connect</source>
        <translation>Verbinden</translation>
    </message>
    <message>
        <source>Connection message</source>
        <translation>Meldung zur Verbindung</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Name:</translation>
    </message>
    <message>
        <source>&amp;Address:</source>
        <translation>&amp;Adresse:</translation>
    </message>
    <message>
        <source>Admin &amp;token:</source>
        <translation>Admin-&amp;Token:</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>Verbinde …</translation>
    </message>
</context>
<context>
    <name>pmcp::ConnectionManager</name>
    <message>
        <source>Give the connection a name.</source>
        <translation>Geben Sie der Verbindung einen Namen.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a daemon&apos;s address: write it as https://host:port.</source>
        <translation>„%1“ ist keine Adresse eines Dienstes: Schreiben Sie sie als https://rechner:port.</translation>
    </message>
    <message>
        <source>Paste the admin token (proxmox-mcpd admin-token create NAME prints one).</source>
        <translation>Fügen Sie das Admin-Token ein (proxmox-mcpd admin-token create NAME gibt eines aus).</translation>
    </message>
    <message>
        <source>There is no connection named &quot;%1&quot;.</source>
        <translation>Es gibt keine Verbindung namens „%1“.</translation>
    </message>
    <message>
        <source>Connected, but this connection was not saved: %1</source>
        <translation>Verbunden, aber diese Verbindung wurde nicht gespeichert: %1</translation>
    </message>
    <message>
        <source>There is already a connection named &quot;%1&quot;: choose another name.</source>
        <translation>Es gibt schon eine Verbindung namens „%1“: Wählen Sie einen anderen Namen.</translation>
    </message>
    <message>
        <source>The connection was not changed: %1</source>
        <translation>Die Verbindung wurde nicht geändert: %1</translation>
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
        <translation>Warnung</translation>
    </message>
    <message>
        <source>Failing</source>
        <translation>Fehler</translation>
    </message>
    <message numerus="yes">
        <source>%n second(s)</source>
        <translation>
            <numerusform>%n Sekunde</numerusform>
            <numerusform>%n Sekunden</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n minute(s)</source>
        <translation>
            <numerusform>%n Minute</numerusform>
            <numerusform>%n Minuten</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n hour(s)</source>
        <translation>
            <numerusform>%n Stunde</numerusform>
            <numerusform>%n Stunden</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n day(s)</source>
        <translation>
            <numerusform>%n Tag</numerusform>
            <numerusform>%n Tagen</numerusform>
        </translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Zustand</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>Warum</translation>
    </message>
    <message>
        <source>Health checks</source>
        <translation>Gesundheitsprüfungen</translation>
    </message>
    <message>
        <source>Proxmox targets</source>
        <translation>Proxmox-Ziele</translation>
    </message>
    <message>
        <source>Requests</source>
        <translation>Anfragen</translation>
    </message>
    <message>
        <source>per minute</source>
        <translation>pro Minute</translation>
    </message>
    <message>
        <source>Latency</source>
        <translation>Latenz</translation>
    </message>
    <message>
        <source>ms</source>
        <translation>ms</translation>
    </message>
    <message>
        <source>Errors</source>
        <translation>Fehler</translation>
    </message>
    <message>
        <source>Dashboard</source>
        <translation>Übersicht</translation>
    </message>
    <message>
        <source>Health</source>
        <translation>Zustand</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>Version</translation>
    </message>
    <message>
        <source>Uptime</source>
        <translation>Laufzeit</translation>
    </message>
    <message>
        <source>Denied commands and failed authentications</source>
        <translation>Abgewiesene Befehle und fehlgeschlagene Anmeldungen</translation>
    </message>
    <message>
        <source>Live updates</source>
        <translation>Live-Aktualisierung</translation>
    </message>
    <message>
        <source>Recent events</source>
        <translation>Letzte Ereignisse</translation>
    </message>
    <message>
        <source>Not connected</source>
        <translation>Nicht verbunden</translation>
    </message>
    <message>
        <source>Live</source>
        <translation>Live</translation>
    </message>
    <message>
        <source>Offline: %1</source>
        <translation>Offline: %1</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>Verbinde …</translation>
    </message>
    <message>
        <source>Health: %1</source>
        <translation>Zustand: %1</translation>
    </message>
    <message>
        <source>Version %1</source>
        <translation>Version %1</translation>
    </message>
    <message>
        <source>Up %1</source>
        <translation>Läuft seit %1</translation>
    </message>
    <message>
        <source>Denied commands: %1 in the last hour (%2 since start). Failed authentications: %3 in the last hour (%4 since start).</source>
        <translation>Abgewiesene Befehle: %1 in der letzten Stunde (%2 seit dem Start). Fehlgeschlagene Anmeldungen: %3 in der letzten Stunde (%4 seit dem Start).</translation>
    </message>
    <message>
        <source>Health unknown: %1</source>
        <translation>Zustand unbekannt: %1</translation>
    </message>
</context>
<context>
    <name>pmcp::DesktopNotifications</name>
    <message>
        <source>Open</source>
        <translation>Öffnen</translation>
    </message>
    <message>
        <source>The desktop did not show the notification: %1</source>
        <translation>Der Desktop hat die Benachrichtigung nicht gezeigt: %1</translation>
    </message>
</context>
<context>
    <name>pmcp::Keychain</name>
    <message>
        <source>No keychain is available (%1), so the admin token cannot be kept. Start the desktop&apos;s keychain (for example GNOME Keyring or KWallet) and try again.</source>
        <translation>Kein Schlüsselbund verfügbar (%1), deshalb kann das Admin-Token nicht aufbewahrt werden. Starten Sie den Schlüsselbund des Desktops (zum Beispiel GNOME Keyring oder KWallet) und versuchen Sie es erneut.</translation>
    </message>
    <message>
        <source>The keychain holds no admin token for &quot;%1&quot;.</source>
        <translation>Der Schlüsselbund enthält kein Admin-Token für „%1“.</translation>
    </message>
    <message>
        <source>The keychain refused access: %1</source>
        <translation>Der Schlüsselbund hat den Zugriff verweigert: %1</translation>
    </message>
    <message>
        <source>The keychain failed: %1</source>
        <translation>Der Schlüsselbund ist fehlgeschlagen: %1</translation>
    </message>
</context>
<context>
    <name>pmcp::KeysPage</name>
    <message>
        <source>running…</source>
        <translation>läuft …</translation>
    </message>
    <message>
        <source>done</source>
        <translation>erledigt</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>fehlgeschlagen</translation>
    </message>
    <message>
        <source>undone</source>
        <translation>rückgängig gemacht</translation>
    </message>
    <message>
        <source>planned</source>
        <translation>geplant</translation>
    </message>
    <message>
        <source>Unknown (not made by a rotation of this daemon).</source>
        <translation>Unbekannt (nicht von einem Wechsel dieses Dienstes erzeugt).</translation>
    </message>
    <message numerus="yes">
        <source>%n day(s)</source>
        <translation>
            <numerusform>%n Tag</numerusform>
            <numerusform>%n Tage</numerusform>
        </translation>
    </message>
    <message>
        <source>(rotated on %1)</source>
        <translation>(gewechselt am %1)</translation>
    </message>
    <message>
        <source>Its age is not known: rotate it once so that the daemon can tell when it is due.</source>
        <translation>Sein Alter ist unbekannt: wechseln Sie es einmal, damit der Dienst weiß, wann es fällig ist.</translation>
    </message>
    <message numerus="yes">
        <source>Due: older than the rotation period of %n day(s).</source>
        <translation>
            <numerusform>Fällig: älter als der Wechselzeitraum von %n Tag.</numerusform>
            <numerusform>Fällig: älter als der Wechselzeitraum von %n Tagen.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Not due: %n day(s) left in the rotation period.</source>
        <translation>
            <numerusform>Nicht fällig: noch %n Tag im Wechselzeitraum.</numerusform>
            <numerusform>Nicht fällig: noch %n Tage im Wechselzeitraum.</numerusform>
        </translation>
    </message>
    <message>
        <source>Rotation period</source>
        <translation>Wechselzeitraum</translation>
    </message>
    <message>
        <source>SSH key file</source>
        <translation>SSH-Schlüsseldatei</translation>
    </message>
    <message>
        <source>SSH key fingerprint</source>
        <translation>Fingerabdruck des SSH-Schlüssels</translation>
    </message>
    <message>
        <source>SSH key age</source>
        <translation>Alter des SSH-Schlüssels</translation>
    </message>
    <message>
        <source>SSH key rotation state</source>
        <translation>Wechselstand des SSH-Schlüssels</translation>
    </message>
    <message>
        <source>&amp;Plan the key rotation</source>
        <translation>Schlüsselwechsel &amp;planen</translation>
    </message>
    <message>
        <source>List the steps of an SSH key rotation without changing anything</source>
        <translation>Die Schritte eines SSH-Schlüsselwechsels auflisten, ohne etwas zu ändern</translation>
    </message>
    <message>
        <source>R&amp;otate the key…</source>
        <translation>Schlüssel &amp;wechseln …</translation>
    </message>
    <message>
        <source>Rotate the SSH key</source>
        <translation>Den SSH-Schlüssel wechseln</translation>
    </message>
    <message>
        <source>API token id</source>
        <translation>ID des API-Tokens</translation>
    </message>
    <message>
        <source>API token age</source>
        <translation>Alter des API-Tokens</translation>
    </message>
    <message>
        <source>API token rotation state</source>
        <translation>Wechselstand des API-Tokens</translation>
    </message>
    <message>
        <source>Plan the &amp;token rotation</source>
        <translation>Token-Wechsel pla&amp;nen</translation>
    </message>
    <message>
        <source>List the steps of an API token rotation without changing anything</source>
        <translation>Die Schritte eines API-Token-Wechsels auflisten, ohne etwas zu ändern</translation>
    </message>
    <message>
        <source>Rotat&amp;e the token…</source>
        <translation>Token &amp;ersetzen …</translation>
    </message>
    <message>
        <source>Rotate the Proxmox API token</source>
        <translation>Das Proxmox-API-Token wechseln</translation>
    </message>
    <message>
        <source>Rotation</source>
        <translation>Wechsel</translation>
    </message>
    <message>
        <source>Check &amp;again</source>
        <translation>Erneut &amp;abfragen</translation>
    </message>
    <message>
        <source>Ask the daemon for the credentials again</source>
        <translation>Den Dienst erneut nach den Zugangsdaten fragen</translation>
    </message>
    <message>
        <source>Keys message</source>
        <translation>Meldung zu Schlüsseln</translation>
    </message>
    <message>
        <source>Rotate</source>
        <translation>Wechseln</translation>
    </message>
    <message>
        <source>Keys and tokens</source>
        <translation>Schlüssel und Tokens</translation>
    </message>
    <message>
        <source>Rotation steps</source>
        <translation>Schritte des Wechsels</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>Schritt</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>Ergebnis</translation>
    </message>
    <message>
        <source>What happened</source>
        <translation>Was geschah</translation>
    </message>
    <message>
        <source>No rotation has run since this window connected.</source>
        <translation>Seit dieses Fenster verbunden ist, lief kein Wechsel.</translation>
    </message>
    <message>
        <source>SSH key</source>
        <translation>SSH-Schlüssel</translation>
    </message>
    <message>
        <source>File:</source>
        <translation>Datei:</translation>
    </message>
    <message>
        <source>Fingerprint:</source>
        <translation>Fingerabdruck:</translation>
    </message>
    <message>
        <source>Age:</source>
        <translation>Alter:</translation>
    </message>
    <message>
        <source>Proxmox API token</source>
        <translation>Proxmox-API-Token</translation>
    </message>
    <message>
        <source>Token:</source>
        <translation>Token:</translation>
    </message>
    <message>
        <source>Not known: %1</source>
        <translation>Nicht bekannt: %1</translation>
    </message>
    <message numerus="yes">
        <source>A credential is due for rotation after %n day(s) (ROTATION_DAYS).</source>
        <translation>
            <numerusform>Zugangsdaten sind nach %n Tag zum Wechsel fällig (ROTATION_DAYS).</numerusform>
            <numerusform>Zugangsdaten sind nach %n Tagen zum Wechsel fällig (ROTATION_DAYS).</numerusform>
        </translation>
    </message>
    <message>
        <source>SSH is off (ENABLE_SSH=false): there is no key to rotate.</source>
        <translation>SSH ist aus (ENABLE_SSH=false): Es gibt keinen Schlüssel zu wechseln.</translation>
    </message>
    <message>
        <source>%1 (the file is missing)</source>
        <translation>%1 (die Datei fehlt)</translation>
    </message>
    <message>
        <source>Not readable.</source>
        <translation>Nicht lesbar.</translation>
    </message>
    <message>
        <source>No API token is configured (ENABLE_PROXMOX_API=false or no PROXMOX_TOKEN_NAME).</source>
        <translation>Kein API-Token ist eingerichtet (ENABLE_PROXMOX_API=false oder kein PROXMOX_TOKEN_NAME).</translation>
    </message>
    <message>
        <source>Rotate the SSH key %1?

The daemon makes a new key, authorizes it on the host, logs in with it, backs up its state, switches to the new key and then removes the old one from the host. If a step fails, the steps before it are undone and the old key works as before.</source>
        <translation>Den SSH-Schlüssel %1 wechseln?

Der Dienst erzeugt einen neuen Schlüssel, autorisiert ihn auf dem Host, meldet sich damit an, sichert seinen Zustand, wechselt zum neuen Schlüssel und entfernt dann den alten vom Host. Schlägt ein Schritt fehl, werden die Schritte davor rückgängig gemacht und der alte Schlüssel funktioniert wie bisher.</translation>
    </message>
    <message>
        <source>Rotate the Proxmox API token %1?

The daemon makes a new token with the same privileges and permissions, proves that it works, switches to it and then deletes the old token. If a step fails, the steps before it are undone and the old token works as before.</source>
        <translation>Das Proxmox-API-Token %1 wechseln?

Der Dienst erzeugt ein neues Token mit denselben Rechten und Berechtigungen, prüft, dass es funktioniert, wechselt dazu und löscht dann das alte Token. Schlägt ein Schritt fehl, werden die Schritte davor rückgängig gemacht und das alte Token funktioniert wie bisher.</translation>
    </message>
    <message>
        <source>Nothing was rotated.</source>
        <translation>Nichts wurde gewechselt.</translation>
    </message>
    <message>
        <source>Planning the SSH key rotation…</source>
        <translation>Der SSH-Schlüsselwechsel wird geplant …</translation>
    </message>
    <message>
        <source>Planning the API token rotation…</source>
        <translation>Der API-Token-Wechsel wird geplant …</translation>
    </message>
    <message>
        <source>Rotating the SSH key…</source>
        <translation>Der SSH-Schlüssel wird gewechselt …</translation>
    </message>
    <message>
        <source>Rotating the API token…</source>
        <translation>Das API-Token wird gewechselt …</translation>
    </message>
    <message>
        <source>The rotation did not start.</source>
        <translation>Der Wechsel hat nicht begonnen.</translation>
    </message>
    <message>
        <source>The rotation did not start: %1</source>
        <translation>Der Wechsel hat nicht begonnen: %1</translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>%1 von %2</translation>
    </message>
    <message>
        <source>The plan of an SSH key rotation (nothing was changed).</source>
        <translation>Der Plan eines SSH-Schlüsselwechsels (nichts wurde geändert).</translation>
    </message>
    <message>
        <source>The plan of an API token rotation (nothing was changed).</source>
        <translation>Der Plan eines API-Token-Wechsels (nichts wurde geändert).</translation>
    </message>
    <message>
        <source>The SSH key was rotated.</source>
        <translation>Der SSH-Schlüssel wurde gewechselt.</translation>
    </message>
    <message>
        <source>The API token was rotated.</source>
        <translation>Das API-Token wurde gewechselt.</translation>
    </message>
    <message>
        <source>The SSH key rotation failed.</source>
        <translation>Der SSH-Schlüsselwechsel ist fehlgeschlagen.</translation>
    </message>
    <message>
        <source>The API token rotation failed.</source>
        <translation>Der API-Token-Wechsel ist fehlgeschlagen.</translation>
    </message>
    <message>
        <source>The old key still works: every step before was undone.</source>
        <translation>Der alte Schlüssel funktioniert weiter: Jeder Schritt davor wurde rückgängig gemacht.</translation>
    </message>
    <message>
        <source>The old token still works: every step before was undone.</source>
        <translation>Das alte Token funktioniert weiter: Jeder Schritt davor wurde rückgängig gemacht.</translation>
    </message>
    <message>
        <source>Undoing a step failed too: check the credential on the host before the next call needs it.</source>
        <translation>Auch das Rückgängigmachen eines Schritts ist fehlgeschlagen: Prüfen Sie die Zugangsdaten auf dem Host, bevor der nächste Aufruf sie braucht.</translation>
    </message>
</context>
<context>
    <name>pmcp::MainWindow</name>
    <message>
        <source>proxmox-mcp control center %1</source>
        <translation>proxmox-mcp Kontrollzentrum %1</translation>
    </message>
    <message>
        <source>Connections</source>
        <translation>Verbindungen</translation>
    </message>
    <message>
        <source>Connection</source>
        <translation>Verbindung</translation>
    </message>
    <message>
        <source>Add a connection…</source>
        <translation>Verbindung hinzufügen …</translation>
    </message>
    <message>
        <source>Add a connection</source>
        <translation>Verbindung hinzufügen</translation>
    </message>
    <message>
        <source>Pages</source>
        <translation>Seiten</translation>
    </message>
    <message>
        <source>&amp;Dashboard</source>
        <translation>Ü&amp;bersicht</translation>
    </message>
    <message>
        <source>C&amp;lients</source>
        <translation>C&amp;lients</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Connecting to %1…</source>
        <translation>Verbinde mit %1 …</translation>
    </message>
    <message>
        <source>Connected to %1 (%2)</source>
        <translation>Verbunden mit %1 (%2)</translation>
    </message>
    <message>
        <source>%1 — %2</source>
        <translation>%1 — %2</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Sprache</translation>
    </message>
    <message>
        <source>System language</source>
        <translation>Systemsprache</translation>
    </message>
    <message>
        <source>The language changes at the next start.</source>
        <translation>Die Sprache wechselt beim nächsten Start.</translation>
    </message>
    <message>
        <source>Con&amp;figuration</source>
        <translation>&amp;Konfiguration</translation>
    </message>
    <message>
        <source>&amp;Backups</source>
        <translation>&amp;Sicherungen</translation>
    </message>
    <message>
        <source>A&amp;udit &amp;&amp; security</source>
        <translation>Audit &amp;&amp; S&amp;icherheit</translation>
    </message>
    <message>
        <source>Ed&amp;it…</source>
        <translation>Bearbe&amp;iten…</translation>
    </message>
    <message>
        <source>Edit the chosen connection</source>
        <translation>Die gewählte Verbindung bearbeiten</translation>
    </message>
    <message>
        <source>Remove t&amp;his connection…</source>
        <translation>Diese Verbindung lösc&amp;hen…</translation>
    </message>
    <message>
        <source>Remove the chosen connection</source>
        <translation>Die gewählte Verbindung löschen</translation>
    </message>
    <message>
        <source>Remove the connection</source>
        <translation>Die Verbindung löschen</translation>
    </message>
    <message>
        <source>Remove the connection &quot;%1&quot; and its admin token from the keychain?</source>
        <translation>Die Verbindung „%1“ und ihr Admin-Token aus dem Schlüsselbund löschen?</translation>
    </message>
    <message>
        <source>The connection &quot;%1&quot; is saved.</source>
        <translation>Die Verbindung „%1“ ist gespeichert.</translation>
    </message>
    <message>
        <source>The connection &quot;%1&quot; is removed.</source>
        <translation>Die Verbindung „%1“ ist gelöscht.</translation>
    </message>
    <message>
        <source>Edit the connection %1</source>
        <translation>Die Verbindung %1 bearbeiten</translation>
    </message>
    <message>
        <source>Edit a connection</source>
        <translation>Eine Verbindung bearbeiten</translation>
    </message>
    <message>
        <source>Connection name</source>
        <translation>Name der Verbindung</translation>
    </message>
    <message>
        <source>Daemon address</source>
        <translation>Adresse des Dienstes</translation>
    </message>
    <message>
        <source>New admin token</source>
        <translation>Neues Admin-Token</translation>
    </message>
    <message>
        <source>empty: keep the token in the keychain</source>
        <translation>leer: das Token im Schlüsselbund behalten</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>&amp;Speichern</translation>
    </message>
    <message>
        <source>Save the connection</source>
        <translation>Die Verbindung speichern</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Name:</translation>
    </message>
    <message>
        <source>&amp;Address:</source>
        <translation>&amp;Adresse:</translation>
    </message>
    <message>
        <source>&amp;Keys &amp;&amp; tokens</source>
        <translation>Schlüssel &amp;&amp; &amp;Tokens</translation>
    </message>
    <message>
        <source>New admin &amp;token:</source>
        <translation>Neues Admin-&amp;Token:</translation>
    </message>
</context>
<context>
    <name>pmcp::SeriesChart</name>
    <message>
        <source>%1: %2 %3 in the last minute, at most %4 %3 per minute over the last hour</source>
        <translation>%1: %2 %3 in der letzten Minute, höchstens %4 %3 pro Minute in der letzten Stunde</translation>
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
        <translation>Der Dienst ist gesund.</translation>
    </message>
    <message>
        <source>The daemon is degraded.</source>
        <translation>Der Dienst ist beeinträchtigt.</translation>
    </message>
    <message>
        <source>The daemon is unhealthy.</source>
        <translation>Der Dienst ist gestört.</translation>
    </message>
    <message>
        <source>The daemon is not connected.</source>
        <translation>Der Dienst ist nicht verbunden.</translation>
    </message>
    <message>
        <source>proxmox-mcp</source>
        <translation>proxmox-mcp</translation>
    </message>
    <message>
        <source>Open the &amp;dashboard</source>
        <translation>Ü&amp;bersicht öffnen</translation>
    </message>
    <message>
        <source>Open the &amp;clients</source>
        <translation>&amp;Clients öffnen</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>proxmox-mcp notifier</source>
        <translation>proxmox-mcp Benachrichtigungen</translation>
    </message>
    <message>
        <source>This desktop has no system tray, so the notifier runs in this window.</source>
        <translation>Dieser Desktop hat keinen Infobereich, deshalb laufen die Benachrichtigungen in diesem Fenster.</translation>
    </message>
    <message>
        <source>Health</source>
        <translation>Zustand</translation>
    </message>
    <message>
        <source>&amp;Open the control center</source>
        <translation>Kontrollzentrum ö&amp;ffnen</translation>
    </message>
    <message>
        <source>%1 asks for access</source>
        <translation>%1 bittet um Zugriff</translation>
    </message>
    <message>
        <source>proxmox-mcp alert (%1)</source>
        <translation>proxmox-mcp Alarm (%1)</translation>
    </message>
    <message>
        <source>%1 asks for access (%2)</source>
        <translation>%1 bittet um Zugriff (%2)</translation>
    </message>
    <message>
        <source>Access request %1 from %2</source>
        <translation>Zugriffsanfrage %1 von %2</translation>
    </message>
    <message>
        <source>&amp;Approve…</source>
        <translation>&amp;Genehmigen…</translation>
    </message>
    <message>
        <source>&amp;Reject</source>
        <translation>&amp;Ablehnen</translation>
    </message>
    <message>
        <source>Approve %1</source>
        <translation>%1 genehmigen</translation>
    </message>
    <message>
        <source>Approve an access request</source>
        <translation>Eine Zugriffsanfrage genehmigen</translation>
    </message>
    <message>
        <source>%1 (request code %2, redirecting to %3) asks for %4 access.</source>
        <translation>%1 (Anfragecode %2, Weiterleitung an %3) bittet um Zugriff mit Umfang %4.</translation>
    </message>
    <message>
        <source>The request</source>
        <translation>Die Anfrage</translation>
    </message>
    <message>
        <source>Scope to grant</source>
        <translation>Zu gewährender Umfang</translation>
    </message>
    <message>
        <source>Read-only</source>
        <translation>Nur lesen</translation>
    </message>
    <message>
        <source>Full</source>
        <translation>Voll</translation>
    </message>
    <message>
        <source>Days the approval lasts</source>
        <translation>Tage, die die Genehmigung gilt</translation>
    </message>
    <message>
        <source> days</source>
        <translation> Tage</translation>
    </message>
    <message>
        <source>&amp;Approve</source>
        <translation>&amp;Genehmigen</translation>
    </message>
    <message>
        <source>Approve the request</source>
        <translation>Die Anfrage genehmigen</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>&amp;Scope:</source>
        <translation>&amp;Umfang:</translation>
    </message>
    <message>
        <source>&amp;Expires after:</source>
        <translation>Läuft &amp;ab nach:</translation>
    </message>
    <message>
        <source>Approved %1 (%2)</source>
        <translation>%1 genehmigt (%2)</translation>
    </message>
    <message>
        <source>%1 is not approved</source>
        <translation>%1 ist nicht genehmigt</translation>
    </message>
    <message>
        <source>The client can now use the tools its scope allows.</source>
        <translation>Der Client kann jetzt die Werkzeuge nutzen, die sein Umfang erlaubt.</translation>
    </message>
    <message>
        <source>Rejected %1</source>
        <translation>%1 abgelehnt</translation>
    </message>
    <message>
        <source>%1 is not rejected</source>
        <translation>%1 ist nicht abgelehnt</translation>
    </message>
    <message>
        <source>The client gets no access.</source>
        <translation>Der Client erhält keinen Zugriff.</translation>
    </message>
    <message>
        <source>Request code %1, redirecting to %2. Approve it here with the scope and expiry you choose, or open the clients page.</source>
        <translation>Anfragecode %1, Weiterleitung an %2. Genehmigen Sie sie hier mit dem Umfang und der Laufzeit Ihrer Wahl, oder öffnen Sie die Seite Clients.</translation>
    </message>
    <message>
        <source>Approve…</source>
        <translation>Genehmigen…</translation>
    </message>
</context>
<context>
    <name>pmcp::admin::AdminClient</name>
    <message>
        <source>The daemon at %1 answered with something that is not a JSON object.</source>
        <translation>Der Dienst unter %1 hat mit etwas geantwortet, das kein JSON-Objekt ist.</translation>
    </message>
    <message>
        <source>The certificate of %1 (SHA-256 %2) was not trusted, so nothing was sent to it.</source>
        <translation>Dem Zertifikat von %1 (SHA-256 %2) wurde nicht vertraut, deshalb wurde nichts dorthin gesendet.</translation>
    </message>
    <message>
        <source>The certificate of %1 changed: it is now SHA-256 %2, but %3 was trusted. Nothing was sent. If the daemon&apos;s certificate was replaced on purpose, trust the new one in the connection&apos;s settings.</source>
        <translation>Das Zertifikat von %1 hat sich geändert: Es ist jetzt SHA-256 %2, vertraut wurde aber %3. Es wurde nichts gesendet. Wurde das Zertifikat des Dienstes absichtlich ersetzt, vertrauen Sie dem neuen in den Einstellungen der Verbindung.</translation>
    </message>
    <message>
        <source>The certificate of %1 (SHA-256 %2) is not trusted yet, so nothing was sent to it.</source>
        <translation>Dem Zertifikat von %1 (SHA-256 %2) wird noch nicht vertraut, deshalb wurde nichts dorthin gesendet.</translation>
    </message>
    <message>
        <source>The daemon at %1 did not accept the admin token (%2).</source>
        <translation>Der Dienst unter %1 hat das Admin-Token nicht angenommen (%2).</translation>
    </message>
    <message>
        <source>%1 (HTTP %2)</source>
        <translation>%1 (HTTP %2)</translation>
    </message>
    <message>
        <source>Nothing answers at %1: the daemon is not running, or it listens elsewhere.</source>
        <translation>Unter %1 antwortet nichts: Der Dienst läuft nicht oder lauscht woanders.</translation>
    </message>
    <message>
        <source>The host of %1 is not known.</source>
        <translation>Der Rechner von %1 ist unbekannt.</translation>
    </message>
    <message>
        <source>The daemon at %1 did not answer in time.</source>
        <translation>Der Dienst unter %1 hat nicht rechtzeitig geantwortet.</translation>
    </message>
    <message>
        <source>The daemon at %1 closed the connection.</source>
        <translation>Der Dienst unter %1 hat die Verbindung geschlossen.</translation>
    </message>
    <message>
        <source>The TLS connection to %1 failed: %2</source>
        <translation>Die TLS-Verbindung zu %1 ist fehlgeschlagen: %2</translation>
    </message>
    <message>
        <source>The daemon at %1 could not be reached: %2</source>
        <translation>Der Dienst unter %1 ist nicht erreichbar: %2</translation>
    </message>
    <message>
        <source>The daemon at %1 speaks admin API version %2; this control center speaks version %3.</source>
        <translation>Der Dienst unter %1 spricht die Admin-API in Version %2; dieses Kontrollzentrum spricht Version %3.</translation>
    </message>
</context>
<context>
    <name>pmcp::admin::EventStreamClient</name>
    <message>
        <source>The daemon ended the event stream.</source>
        <translation>Der Dienst hat den Ereignisstrom beendet.</translation>
    </message>
</context>
</TS>

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
        <source>Request code %1, redirecting to %2. Approve it read-only for %3 days here, or open the clients page to choose.</source>
        <translation>Anfragecode %1, Weiterleitung zu %2. Genehmigen Sie sie hier für %3 Tage nur lesend, oder öffnen Sie die Seite Clients, um selbst zu wählen.</translation>
    </message>
    <message>
        <source>Approve read-only</source>
        <translation>Nur lesend genehmigen</translation>
    </message>
    <message>
        <source>proxmox-mcp alert (%1)</source>
        <translation>proxmox-mcp Alarm (%1)</translation>
    </message>
    <message>
        <source>Approved %1 (read-only)</source>
        <translation>%1 genehmigt (nur lesen)</translation>
    </message>
    <message>
        <source>Not approved</source>
        <translation>Nicht genehmigt</translation>
    </message>
    <message>
        <source>The client can now use the tools that only read.</source>
        <translation>Der Client kann jetzt die Werkzeuge benutzen, die nur lesen.</translation>
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

<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>pmcp::MainWindow</name>
    <message>
        <location filename="../desktop/ui/MainWindow.cpp" line="11"/>
        <source>proxmox-mcp control center %1</source>
        <translation>proxmox-mcp Kontrollzentrum %1</translation>
    </message>
    <message>
        <location filename="../desktop/ui/MainWindow.cpp" line="12"/>
        <source>The control center is not built yet. Use proxmox-mcpd&apos;s subcommands on the daemon&apos;s host meanwhile.</source>
        <translation>Das Kontrollzentrum ist noch nicht fertig. Bis dahin helfen die Unterbefehle von proxmox-mcpd auf dem Rechner des Dienstes.</translation>
    </message>
</context>
</TS>

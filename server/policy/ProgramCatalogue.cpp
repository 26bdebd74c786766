#include "server/policy/ProgramCatalogue.h"

#include "server/policy/RuleMatcher.h"
#include "server/policy/ScriptLanguages.h"

#include <QDir>
#include <QRegularExpression>

#include <functional>

namespace pmcp {

namespace {

using Names = QStringList;

// --- the programs that only read and report ---------------------------------------------------
const Names kInspect = {
    QStringLiteral("ls"),
    QStringLiteral("dir"),
    QStringLiteral("cat"),
    QStringLiteral("tac"),
    QStringLiteral("head"),
    QStringLiteral("tail"),
    QStringLiteral("less"),
    QStringLiteral("more"),
    QStringLiteral("grep"),
    QStringLiteral("egrep"),
    QStringLiteral("fgrep"),
    QStringLiteral("zgrep"),
    QStringLiteral("zcat"),
    QStringLiteral("bzcat"),
    QStringLiteral("xzcat"),
    QStringLiteral("zstdcat"),
    QStringLiteral("wc"),
    QStringLiteral("sort"),
    QStringLiteral("uniq"),
    QStringLiteral("cut"),
    QStringLiteral("tr"),
    QStringLiteral("paste"),
    QStringLiteral("column"),
    QStringLiteral("diff"),
    QStringLiteral("cmp"),
    QStringLiteral("comm"),
    QStringLiteral("join"),
    QStringLiteral("nl"),
    QStringLiteral("fold"),
    QStringLiteral("fmt"),
    QStringLiteral("expand"),
    QStringLiteral("unexpand"),
    QStringLiteral("rev"),
    QStringLiteral("numfmt"),
    QStringLiteral("strings"),
    QStringLiteral("od"),
    QStringLiteral("hexdump"),
    QStringLiteral("base64"),
    QStringLiteral("md5sum"),
    QStringLiteral("sha1sum"),
    QStringLiteral("sha256sum"),
    QStringLiteral("sha512sum"),
    QStringLiteral("cksum"),
    QStringLiteral("jq"),
    QStringLiteral("basename"),
    QStringLiteral("dirname"),
    QStringLiteral("realpath"),
    QStringLiteral("readlink"),
    QStringLiteral("stat"),
    QStringLiteral("file"),
    QStringLiteral("du"),
    QStringLiteral("df"),
    QStringLiteral("free"),
    QStringLiteral("ps"),
    QStringLiteral("pgrep"),
    QStringLiteral("pidof"),
    QStringLiteral("top"),
    QStringLiteral("uptime"),
    QStringLiteral("w"),
    QStringLiteral("who"),
    QStringLiteral("whoami"),
    QStringLiteral("id"),
    QStringLiteral("groups"),
    QStringLiteral("last"),
    QStringLiteral("lastlog"),
    QStringLiteral("uname"),
    QStringLiteral("date"),
    QStringLiteral("cal"),
    QStringLiteral("lsblk"),
    QStringLiteral("blkid"),
    QStringLiteral("findmnt"),
    QStringLiteral("lscpu"),
    QStringLiteral("lsmem"),
    QStringLiteral("lspci"),
    QStringLiteral("lsusb"),
    QStringLiteral("lsmod"),
    QStringLiteral("modinfo"),
    QStringLiteral("dmesg"),
    QStringLiteral("vmstat"),
    QStringLiteral("iostat"),
    QStringLiteral("mpstat"),
    QStringLiteral("pidstat"),
    QStringLiteral("sar"),
    QStringLiteral("lsof"),
    QStringLiteral("getent"),
    QStringLiteral("printenv"),
    QStringLiteral("locale"),
    QStringLiteral("which"),
    QStringLiteral("whereis"),
    QStringLiteral("nproc"),
    QStringLiteral("arch"),
    QStringLiteral("tty"),
    QStringLiteral("sleep"),
    QStringLiteral("expr"),
    QStringLiteral("seq"),
    QStringLiteral("tree"),
    QStringLiteral("ss"),
    QStringLiteral("netstat"),
    QStringLiteral("ping"),
    QStringLiteral("ping6"),
    QStringLiteral("traceroute"),
    QStringLiteral("tracepath"),
    QStringLiteral("mtr"),
    QStringLiteral("dig"),
    QStringLiteral("host"),
    QStringLiteral("nslookup"),
    QStringLiteral("arp"),
    QStringLiteral("sensors"),
    QStringLiteral("dmidecode"),
    QStringLiteral("smartctl"),
    QStringLiteral("lshw"),
    QStringLiteral("lsattr"),
    QStringLiteral("getfacl"),
    QStringLiteral("lsns"),
    QStringLiteral("lvs"),
    QStringLiteral("vgs"),
    QStringLiteral("pvs"),
    QStringLiteral("lvdisplay"),
    QStringLiteral("vgdisplay"),
    QStringLiteral("pvdisplay"),
    QStringLiteral("lvscan"),
    QStringLiteral("vgscan"),
    QStringLiteral("pvscan"),
    QStringLiteral("pveversion"),
    QStringLiteral("pveperf"),
    QStringLiteral("pvereport"),
    QStringLiteral("apt-cache"),
    QStringLiteral("dpkg-query"),
    QStringLiteral("ssh-keyscan"),
    QStringLiteral("corosync-cfgtool"),
    QStringLiteral("corosync-quorumtool"),
    QStringLiteral("systemd-analyze"),
    QStringLiteral("iotop"),
    QStringLiteral("htop"),
    QStringLiteral("uniq"),
    QStringLiteral("yes"),
    QStringLiteral("env"),
    QStringLiteral("bc"),
    QStringLiteral("logger"),
    QStringLiteral("hostname"),
    QStringLiteral("timedatectl"),
    QStringLiteral("hostnamectl"),
    QStringLiteral("ethtool"),
    QStringLiteral("tcpdump"),
    QStringLiteral("nvme"),
    QStringLiteral("sync"),
    QStringLiteral("clear"),
    QStringLiteral("mktemp"),
    QStringLiteral("lastb"),
    QStringLiteral("find"),
};

// --- the programs that create, change or remove files (what they write is judged) -----------
const Names kFiles = {
    QStringLiteral("rm"),         QStringLiteral("rmdir"),    QStringLiteral("mkdir"),
    QStringLiteral("touch"),      QStringLiteral("cp"),       QStringLiteral("mv"),
    QStringLiteral("ln"),         QStringLiteral("chmod"),    QStringLiteral("chown"),
    QStringLiteral("chgrp"),      QStringLiteral("chattr"),   QStringLiteral("setfacl"),
    QStringLiteral("tee"),        QStringLiteral("truncate"), QStringLiteral("dd"),
    QStringLiteral("install"),    QStringLiteral("rsync"),    QStringLiteral("scp"),
    QStringLiteral("tar"),        QStringLiteral("gzip"),     QStringLiteral("gunzip"),
    QStringLiteral("zstd"),       QStringLiteral("unzstd"),   QStringLiteral("xz"),
    QStringLiteral("unxz"),       QStringLiteral("bzip2"),    QStringLiteral("bunzip2"),
    QStringLiteral("unzip"),      QStringLiteral("zip"),      QStringLiteral("curl"),
    QStringLiteral("wget"),       QStringLiteral("mount"),    QStringLiteral("umount"),
    QStringLiteral("sed"),        QStringLiteral("awk"),      QStringLiteral("gawk"),
    QStringLiteral("mawk"),       QStringLiteral("nawk"),     QStringLiteral("openssl"),
    QStringLiteral("ssh-keygen"), QStringLiteral("unlink"),   QStringLiteral("shred"),
    QStringLiteral("sponge"),     QStringLiteral("sudoedit"), QStringLiteral("qemu-img"),
    QStringLiteral("git"),
};

// --- administration tools that take any arguments (their rules are the deny rules) ----------
const Names kAdminAnyArguments = {
    QStringLiteral("kill"),
    QStringLiteral("pkill"),
    QStringLiteral("killall"),
    QStringLiteral("renice"),
    QStringLiteral("fuser"),
    QStringLiteral("iptables"),
    QStringLiteral("ip6tables"),
    QStringLiteral("iptables-save"),
    QStringLiteral("iptables-restore"),
    QStringLiteral("ip6tables-save"),
    QStringLiteral("ip6tables-restore"),
    QStringLiteral("iptables-legacy"),
    QStringLiteral("iptables-nft"),
    QStringLiteral("nft"),
    QStringLiteral("ebtables"),
    QStringLiteral("ipset"),
    QStringLiteral("conntrack"),
    QStringLiteral("bridge"),
    QStringLiteral("brctl"),
    QStringLiteral("ufw"),
    QStringLiteral("useradd"),
    QStringLiteral("usermod"),
    QStringLiteral("userdel"),
    QStringLiteral("groupadd"),
    QStringLiteral("groupdel"),
    QStringLiteral("groupmod"),
    QStringLiteral("adduser"),
    QStringLiteral("deluser"),
    QStringLiteral("gpasswd"),
    QStringLiteral("passwd"),
    QStringLiteral("chpasswd"),
    QStringLiteral("chage"),
    QStringLiteral("visudo"),
    QStringLiteral("vipw"),
    QStringLiteral("vigr"),
    QStringLiteral("crontab"),
    QStringLiteral("at"),
    QStringLiteral("batch"),
    QStringLiteral("atq"),
    QStringLiteral("atrm"),
    QStringLiteral("service"),
    QStringLiteral("shutdown"),
    QStringLiteral("reboot"),
    QStringLiteral("poweroff"),
    QStringLiteral("halt"),
    QStringLiteral("telinit"),
    QStringLiteral("init"),
    QStringLiteral("kexec"),
    QStringLiteral("loginctl"),
    QStringLiteral("su"),
    QStringLiteral("pkexec"),
    QStringLiteral("lvcreate"),
    QStringLiteral("lvremove"),
    QStringLiteral("lvextend"),
    QStringLiteral("lvresize"),
    QStringLiteral("lvreduce"),
    QStringLiteral("lvrename"),
    QStringLiteral("lvchange"),
    QStringLiteral("vgcreate"),
    QStringLiteral("vgextend"),
    QStringLiteral("vgreduce"),
    QStringLiteral("vgremove"),
    QStringLiteral("vgchange"),
    QStringLiteral("vgrename"),
    QStringLiteral("pvcreate"),
    QStringLiteral("pvremove"),
    QStringLiteral("pvresize"),
    QStringLiteral("pvmove"),
    QStringLiteral("fdisk"),
    QStringLiteral("sfdisk"),
    QStringLiteral("sgdisk"),
    QStringLiteral("gdisk"),
    QStringLiteral("cfdisk"),
    QStringLiteral("parted"),
    QStringLiteral("wipefs"),
    QStringLiteral("blkdiscard"),
    QStringLiteral("mkfs"),
    QStringLiteral("mke2fs"),
    QStringLiteral("mkswap"),
    QStringLiteral("mkdosfs"),
    QStringLiteral("mkntfs"),
    QStringLiteral("mkfs.ext4"),
    QStringLiteral("mkfs.xfs"),
    QStringLiteral("mkfs.vfat"),
    QStringLiteral("mkfs.ext3"),
    QStringLiteral("mkfs.btrfs"),
    QStringLiteral("swapon"),
    QStringLiteral("swapoff"),
    QStringLiteral("sysctl"),
    QStringLiteral("modprobe"),
    QStringLiteral("update-grub"),
    QStringLiteral("update-initramfs"),
    QStringLiteral("vzdump"),
    QStringLiteral("qmrestore"),
    QStringLiteral("pct"),
    QStringLiteral("pveam"),
    QStringLiteral("pvesr"),
    QStringLiteral("pvesubscription"),
    QStringLiteral("ceph"),
    QStringLiteral("pvedaemon"),
    QStringLiteral("pveproxy"),
    QStringLiteral("pvestatd"),
    QStringLiteral("spiceproxy"),
    QStringLiteral("pve-ha-lrm"),
    QStringLiteral("pve-ha-crm"),
    QStringLiteral("apt-mark"),
    QStringLiteral("dpkg"),
    QStringLiteral("ip"),
};

ProgramEntry admin(const QString &name, const QStringList &subcommands)
{
    ProgramEntry entry;
    entry.name = name;
    entry.kind = ProgramKind::Admin;
    entry.subcommands = subcommands;
    return entry;
}

QStringList words(const char *list)
{
    return QString::fromLatin1(list).split(u' ', Qt::SkipEmptyParts);
}

// --- administration tools judged per subcommand --------------------------------------------
QList<ProgramEntry> adminEntries()
{
    return {
        admin(QStringLiteral("qm"),
              words("agent cleanup clone cloudinit config create delsnapshot destroy disk guest "
                    "help import importdisk importovf list listsnapshot migrate move-disk "
                    "move_disk nbdstop pending reboot remote-migrate rescan reset resize resume "
                    "rollback sendkey set showcmd shutdown snapshot start status stop suspend "
                    "template unlink unlock wait")),
        admin(QStringLiteral("pct"),
              words("clone config cpusets create delsnapshot destroy df enter exec fsck fstrim "
                    "help list listsnapshot migrate mount move-volume move_volume pending pull "
                    "push reboot remote-migrate rescan resize restore resume rollback set "
                    "shutdown snapshot start status stop suspend template unlock unmount")),
        admin(QStringLiteral("pvesh"), words("get ls usage help create set delete")),
        admin(QStringLiteral("pvesm"),
              words("add alloc apiinfo cifsscan export extractconfig free glusterfsscan help "
                    "import iscsiscan list lvmscan lvmthinscan nfsscan path prune-backups remove "
                    "scan set status zfsscan")),
        admin(QStringLiteral("pvecm"),
              words("add addnode apiver create delnode expected help keygen nodes qdevice status "
                    "updatecerts")),
        admin(QStringLiteral("pveum"),
              words("acl aclmod acldel group groupadd groupdel groupmod help passwd pool realm "
                    "role roleadd roledel rolemod ticket user useradd userdel usermod tfa")),
        admin(QStringLiteral("pvenode"),
              words("acme cert config help migrateall startall stopall task wakeonlan")),
        admin(QStringLiteral("pve-firewall"),
              words("compile help localnet restart simulate start status stop")),
        admin(QStringLiteral("pveceph"), words("status pool osd mon mgr mds fs help")),
        admin(QStringLiteral("ha-manager"),
              words("add config crm-command groupadd groupconfig groupremove groupset help "
                    "migrate relocate remove rules set status")),
        admin(QStringLiteral("proxmox-boot-tool"), words("status refresh kernel help clean")),
        admin(QStringLiteral("zfs"),
              words("list get set snapshot snap destroy rollback clone promote rename create "
                    "send receive recv mount unmount umount share unshare inherit userspace "
                    "groupspace projectspace hold holds release diff bookmark upgrade allow "
                    "unallow load-key unload-key change-key version help")),
        admin(QStringLiteral("zpool"),
              words("status list iostat get set scrub trim resilver clear create destroy add "
                    "remove attach detach replace online offline export import history events "
                    "labelclear initialize split sync upgrade version wait checkpoint reguid "
                    "reopen help")),
        admin(QStringLiteral("systemctl"),
              words("status show cat help list-units list-unit-files list-sockets list-timers "
                    "list-jobs list-dependencies list-machines list-automounts list-paths "
                    "is-active is-enabled is-failed is-system-running start stop restart reload "
                    "try-restart reload-or-restart try-reload-or-restart condrestart enable "
                    "disable reenable preset mask unmask daemon-reload reset-failed kill "
                    "isolate freeze thaw clean get-default poweroff reboot halt kexec "
                    "soft-reboot emergency rescue suspend hibernate hybrid-sleep "
                    "suspend-then-hibernate default")),
        admin(QStringLiteral("journalctl"), {}),
        admin(QStringLiteral("apt"),
              words("update upgrade full-upgrade dist-upgrade install reinstall remove purge "
                    "autoremove list search show policy depends rdepends download changelog "
                    "clean autoclean check")),
        admin(QStringLiteral("apt-get"),
              words("update upgrade full-upgrade dist-upgrade install reinstall remove purge "
                    "autoremove download changelog clean autoclean check")),
        admin(QStringLiteral("lvm"),
              words("lvs vgs pvs lvdisplay vgdisplay pvdisplay lvscan vgscan pvscan version")),
    };
}

// --- wrappers, shells and interpreters: their real option grammars ---------------------------
OptionSpec spec(const char *flags, const char *valued, const char *longFlags,
                const char *longValued, const char *optional = "", const char *longOptional = "",
                bool permute = false)
{
    OptionSpec out;
    out.flags = QString::fromLatin1(flags);
    out.valued = QString::fromLatin1(valued);
    out.optional = QString::fromLatin1(optional);
    out.longFlags = words(longFlags);
    out.longValued = words(longValued);
    out.longOptional = words(longOptional);
    out.permute = permute;
    return out;
}

ProgramEntry wrapper(const QString &name, const OptionSpec &options, int positionals = 0)
{
    ProgramEntry entry;
    entry.name = name;
    entry.kind = ProgramKind::Wrapper;
    entry.options = options;
    entry.positionals = positionals;
    return entry;
}

const QString kStdinShell = QStringLiteral("eval");

QList<ProgramEntry> wrapperEntries()
{
    QList<ProgramEntry> out;
    const OptionRefusal rootShell{QStringLiteral("privilege-escalation"),
                                  QStringLiteral("sudo -i/-s opens a root shell")};

    ProgramEntry sudo = wrapper(
        QStringLiteral("sudo"),
        spec("AbBEeHhiKklnPSsVv", "aCcDgpRrTtUu",
             "askpass background bell edit help login remove-timestamp reset-timestamp list "
             "non-interactive preserve-groups stdin shell version validate set-home",
             "close-from chdir group prompt chroot role type command-timeout other-user user "
             "host auth-type login-class",
             "", "preserve-env"));
    sudo.runsNothing =
        words("-l --list -v --validate -K --remove-timestamp -V --version -h --help");
    sudo.chdirOptions = words("-D --chdir");
    sudo.rootOptions = words("-R --chroot");
    sudo.refused = {{QStringLiteral("-i"), rootShell},
                    {QStringLiteral("-s"), rootShell},
                    {QStringLiteral("--login"), rootShell},
                    {QStringLiteral("--shell"), rootShell}};
    out << sudo;

    ProgramEntry doas = wrapper(QStringLiteral("doas"), spec("nLs", "Cu", "", ""));
    doas.runsNothing = words("-L -C");
    doas.refused = {
        {QStringLiteral("-s"),
         {QStringLiteral("privilege-escalation"), QStringLiteral("doas -s opens a root shell")}}};
    out << doas;

    ProgramEntry env = wrapper(
        QStringLiteral("env"),
        spec("i0v", "CSu", "ignore-environment null debug help version list-signal-handling",
             "chdir split-string unset argv0", "", "default-signal ignore-signal block-signal"));
    env.chdirOptions = words("-C --chdir");
    env.runsNothing = words("--help --version --list-signal-handling");
    out << env;

    ProgramEntry nice =
        wrapper(QStringLiteral("nice"), spec("", "n", "help version", "adjustment"));
    nice.options.numeric = true;
    out << nice;

    ProgramEntry ionice =
        wrapper(QStringLiteral("ionice"),
                spec("thV", "cnpPu", "ignore help version", "class classdata pid pgid uid"));
    ionice.runsNothing = words("-p --pid -P --pgid -u --uid -h --help -V --version");
    out << ionice;

    out << wrapper(QStringLiteral("nohup"), spec("", "", "help version", ""));
    out << wrapper(
        QStringLiteral("timeout"),
        spec("v", "ks", "foreground preserve-status verbose help version", "kill-after signal"), 1);
    out << wrapper(QStringLiteral("stdbuf"), spec("", "ioe", "help version", "input output error"));

    ProgramEntry time = wrapper(
        QStringLiteral("time"),
        spec("apvqV", "fo", "append portability verbose quiet help version", "format output"));
    time.writeOptions = words("-o --output");
    out << time;

    ProgramEntry command = wrapper(QStringLiteral("command"), spec("pvV", "", "", ""));
    command.runsNothing = words("-v -V");
    out << command;
    out << wrapper(QStringLiteral("builtin"), spec("", "", "", ""));
    out << wrapper(QStringLiteral("coproc"), spec("", "", "", ""));

    ProgramEntry chroot = wrapper(QStringLiteral("chroot"),
                                  spec("", "", "skip-chdir help version", "userspec groups"), 1);
    chroot.withoutCommand = QStringLiteral("chroot without a command starts an interactive shell");
    out << chroot;

    out << wrapper(QStringLiteral("setsid"), spec("cfw", "", "ctty fork wait help version", ""));

    ProgramEntry unshare = wrapper(
        QStringLiteral("unshare"),
        spec("fcrhV", "SGRw", "fork map-root-user map-current-user map-auto keep-caps help version",
             "map-user map-group map-users map-groups propagation setgroups setuid setgid root "
             "wd monotonic boottime",
             "muinpUCT", "mount uts ipc net pid user cgroup time kill-child mount-proc"));
    unshare.chdirOptions = words("-w --wd");
    unshare.rootOptions = words("-R --root");
    unshare.withoutCommand =
        QStringLiteral("unshare without a command starts an interactive shell");
    out << unshare;

    ProgramEntry strace =
        wrapper(QStringLiteral("strace"),
                spec("ACcdDfFhiknqrRtTvVwxyYzZ", "abeEIoOpPsSuUX",
                     "follow-forks output-separately summary-only summary seccomp-bpf help version "
                     "quiet no-abbrev verbose",
                     "trace attach output signal status env user string-limit"));
    strace.runsNothing = words("-p --attach -h --help -V --version");
    strace.writeOptions = words("-o --output");
    out << strace;

    ProgramEntry ltrace = wrapper(QStringLiteral("ltrace"),
                                  spec("bcCfhiLrStTV", "aAeEFlnopsuwxX", "help version demangle",
                                       "output library indent align"));
    ltrace.runsNothing = words("-p -h --help -V --version");
    ltrace.writeOptions = words("-o --output");
    out << ltrace;

    out << wrapper(QStringLiteral("unbuffer"), spec("p", "", "", ""));

    ProgramEntry chrt = wrapper(QStringLiteral("chrt"),
                                spec("abdfiomprRvVh", "TPD",
                                     "all-tasks batch deadline fifo idle other rr reset-on-fork "
                                     "verbose version help pid max",
                                     "sched-runtime sched-period sched-deadline"),
                                1);
    chrt.runsNothing = words("-p --pid -m --max -h --help -V --version");
    out << chrt;

    ProgramEntry taskset = wrapper(QStringLiteral("taskset"),
                                   spec("acpVh", "", "all-tasks cpu-list pid version help", ""), 1);
    taskset.runsNothing = words("-p --pid -h --help -V --version");
    out << taskset;

    ProgramEntry nsenter = wrapper(
        QStringLiteral("nsenter"),
        spec("aFhVZ", "tSGW", "all no-fork follow-context preserve-credentials help version",
             "target setuid setgid wdns", "mutinpUCTrw",
             "mount uts ipc net pid cgroup user time root wd"));
    nsenter.chdirOptions = words("-w --wd -W --wdns");
    nsenter.rootOptions = words("-r --root");
    nsenter.withoutCommand =
        QStringLiteral("nsenter without a command starts an interactive shell");
    out << nsenter;

    ProgramEntry run = wrapper(
        QStringLiteral("systemd-run"),
        spec("rdtPqGh", "HMupE",
             "user system scope slice-inherit remain-after-exit send-sighup same-dir pty pipe "
             "quiet wait collect on-clock-change on-timezone-change no-block no-ask-password "
             "help version",
             "host machine unit property description slice service-type uid gid nice "
             "working-directory setenv on-active on-boot on-startup on-unit-active "
             "on-unit-inactive on-calendar path-property socket-property timer-property"));
    run.chdirOptions = words("--working-directory");
    run.refused = {{QStringLiteral("-S"),
                    {kStdinShell, QStringLiteral("systemd-run --shell starts an interactive "
                                                 "shell")}},
                   {QStringLiteral("--path-property"),
                    {QStringLiteral("unknown-option"),
                     QStringLiteral("systemd-run --path-property starts the command later, when "
                                    "a path changes")}},
                   {QStringLiteral("--socket-property"),
                    {QStringLiteral("unknown-option"),
                     QStringLiteral("systemd-run --socket-property is not modelled")}},
                   {QStringLiteral("--timer-property"),
                    {QStringLiteral("unknown-option"),
                     QStringLiteral("systemd-run --timer-property is not modelled")}}};
    run.withoutCommand = QStringLiteral("systemd-run needs a command");
    out << run;

    // su and runuser: GNU getopt permutes, so options may follow the user name.
    for (const QString &name : {QStringLiteral("su"), QStringLiteral("runuser")}) {
        ProgramEntry su = wrapper(name, spec("flmpPhV", "cgGsuw",
                                             "fast login preserve-environment pty help version",
                                             "command session-command group supp-group shell "
                                             "user whitelist-environment",
                                             "", "", true));
        su.scriptOptions = words("-c --command --session-command");
        su.withoutCommand =
            QStringLiteral("%1 without -c starts a shell reading commands from its input")
                .arg(name);
        out << su;
    }

    ProgramEntry flock = wrapper(QStringLiteral("flock"),
                                 spec("sxenouFhV", "wEc",
                                      "shared exclusive unlock nonblock nb close no-fork verbose "
                                      "help version",
                                      "timeout wait conflict-exit-code command"),
                                 1);
    flock.scriptOptions = words("-c --command");
    out << flock;

    ProgramEntry script =
        wrapper(QStringLiteral("script"), spec("aefqhV", "cEBIOTm",
                                               "append return flush force quiet help "
                                               "version",
                                               "command echo log-io log-in log-out log-timing "
                                               "logging-format",
                                               "t", "timing", true));
    script.scriptOptions = words("-c --command");
    script.writeOptions = words("-B --log-io -I --log-in -O --log-out -T --log-timing -t --timing");
    script.withoutCommand =
        QStringLiteral("script without -c starts a shell reading commands from its input");
    out << script;

    ProgramEntry watch = wrapper(QStringLiteral("watch"),
                                 spec("bcCegprtwxhv", "nq",
                                      "beep color no-color errexit chgexit precise no-rerun "
                                      "no-title no-wrap exec help version",
                                      "interval equexit", "d", "differences"));
    out << watch;

    ProgramEntry ssh = wrapper(QStringLiteral("ssh"),
                               spec("46AaCfGgKkMNnqsTtVvXxYy", "BbcDEeFIiJLlmOopQRSWw", "", ""));
    ssh.withoutCommand = QStringLiteral("ssh without a command runs a shell on its input");
    ssh.runsNothing = words("-V -G -Q -O");
    out << ssh;

    ProgramEntry xargs = wrapper(
        QStringLiteral("xargs"),
        spec("0prtx", "aEdILnPs",
             "null interactive verbose show-limits exit no-run-if-empty open-tty help version",
             "arg-file delimiter max-args max-procs max-chars process-slot-var", "eil",
             "eof replace max-lines"));
    out << xargs;

    // Shells whose grammar the policy models (sh, bash, dash): -c STRING or a script file.
    for (const QString &name : {QStringLiteral("sh"), QStringLiteral("bash"),
                                QStringLiteral("dash"), QStringLiteral("rbash")}) {
        ProgramEntry shell;
        shell.name = name;
        shell.kind = ProgramKind::Shell;
        shell.options = spec("abBcCeEfhHiklmnprstTuvxP", "oO",
                             "login noprofile norc posix restricted verbose version help "
                             "noediting debugger dump-strings dump-po-strings wordexp pretty-print",
                             "rcfile init-file");
        out << shell;
    }

    // Interpreters: a script file is allowed (what it does is not seen); code on the command
    // line is allowed with ENABLE_DANGEROUS_COMMANDS=true only.
    for (const char *name :
         {"python", "python3", "perl", "ruby", "node", "nodejs", "php", "lua", "tclsh", "wish"}) {
        ProgramEntry interpreter;
        interpreter.name = QString::fromLatin1(name);
        interpreter.kind = ProgramKind::Interpreter;
        out << interpreter;
    }
    return out;
}

// --- shell builtins that change nothing outside the shell ------------------------------------
const Names kBuiltins = {
    QStringLiteral("cd"),      QStringLiteral("pushd"),   QStringLiteral("popd"),
    QStringLiteral("dirs"),    QStringLiteral("echo"),    QStringLiteral("printf"),
    QStringLiteral("read"),    QStringLiteral("test"),    QStringLiteral("["),
    QStringLiteral("[["),      QStringLiteral("true"),    QStringLiteral("false"),
    QStringLiteral(":"),       QStringLiteral("export"),  QStringLiteral("declare"),
    QStringLiteral("typeset"), QStringLiteral("local"),   QStringLiteral("readonly"),
    QStringLiteral("unset"),   QStringLiteral("set"),     QStringLiteral("shopt"),
    QStringLiteral("wait"),    QStringLiteral("jobs"),    QStringLiteral("umask"),
    QStringLiteral("ulimit"),  QStringLiteral("type"),    QStringLiteral("hash"),
    QStringLiteral("getopts"), QStringLiteral("shift"),   QStringLiteral("exit"),
    QStringLiteral("return"),  QStringLiteral("break"),   QStringLiteral("continue"),
    QStringLiteral("times"),   QStringLiteral("mapfile"), QStringLiteral("readarray"),
    QStringLiteral("unalias"), QStringLiteral("help"),    QStringLiteral("disown"),
    QStringLiteral("pwd"),     QStringLiteral("exec"),    QStringLiteral("trap"),
    QStringLiteral("alias"),   QStringLiteral("caller"),  QStringLiteral("complete"),
    QStringLiteral("compgen"), QStringLiteral("enable"),  QStringLiteral("let"),
    QStringLiteral("bg"),      QStringLiteral("fg"),      QStringLiteral("logout"),
};

CatalogueVerdict known()
{
    return {CatalogueVerdict::Kind::Known, {}, {}};
}

CatalogueVerdict refused(const QString &rule, const QString &reason)
{
    return {CatalogueVerdict::Kind::Refused, rule, reason};
}

const QString kHiddenCode = QStringLiteral("hidden-code");

// An argument (or its value) that starts with one of `options`; "--x" also matches "--x=...".
QString firstOption(const QList<CommandWord> &argv, const QStringList &options)
{
    for (qsizetype i = 1; i < argv.size(); ++i) {
        const QString &text = argv.at(i).text;
        if (text == u"--")
            break;
        for (const QString &option : options) {
            if (text == option ||
                (option.startsWith(QLatin1String("--")) && text.startsWith(option + u'=')))
                return option;
            // An attached value of a short option: "-Ifoo", "-ocore.pager=x".
            if (option.size() == 2 && !option.startsWith(QLatin1String("--")) &&
                text.startsWith(option) && !text.startsWith(QLatin1String("--")))
                return option;
        }
    }
    return {};
}

using Check = std::function<CatalogueVerdict(const QList<CommandWord> &)>;

CatalogueVerdict refuseOptions(const QList<CommandWord> &argv, const QStringList &options,
                               const QString &why)
{
    const QString found = firstOption(argv, options);
    if (found.isEmpty())
        return known();
    return refused(
        kHiddenCode,
        QStringLiteral("%1 %2 %3").arg(RuleMatcher::baseName(argv.first().text), found, why));
}

CatalogueVerdict checkTar(const QList<CommandWord> &argv)
{
    // Short clusters ("-xPf", old-style "xPf"): a letter that runs code or escapes the
    // directory, up to the first letter that takes the rest as its value.
    static const QString valued = QStringLiteral("fCTXbgHKLNV");
    for (qsizetype i = 1; i < argv.size(); ++i) {
        const QString &text = argv.at(i).text;
        const bool oldStyle = i == 1 && !text.startsWith(u'-');
        if (!oldStyle && (!text.startsWith(u'-') || text.startsWith(QLatin1String("--"))))
            continue;
        for (qsizetype k = oldStyle ? 0 : 1; k < text.size(); ++k) {
            const QChar c = text.at(k);
            if (c == u'I' || c == u'F')
                return refused(kHiddenCode, QStringLiteral("tar -%1 runs a command the policy "
                                                           "cannot see")
                                                .arg(c));
            if (c == u'P')
                return refused(kHiddenCode,
                               QStringLiteral("tar -P lets an archive write anywhere on the host"));
            if (valued.contains(c) && !oldStyle)
                break;
        }
    }
    const CatalogueVerdict actions =
        refuseOptions(argv,
                      {QStringLiteral("--to-command"), QStringLiteral("--checkpoint-action"),
                       QStringLiteral("--use-compress-program"), QStringLiteral("--info-script"),
                       QStringLiteral("--new-volume-script"), QStringLiteral("--rsh-command"),
                       QStringLiteral("--rmt-command")},
                      QStringLiteral("runs a command the policy cannot see"));
    if (actions.kind != CatalogueVerdict::Kind::Known)
        return actions;
    return refuseOptions(argv, {QStringLiteral("--absolute-names")},
                         QStringLiteral("lets an archive write anywhere on the host"));
}

CatalogueVerdict checkGit(const QList<CommandWord> &argv)
{
    static const QStringList subcommands =
        words("status log diff show branch tag remote rev-parse ls-files grep blame describe "
              "fetch pull clone checkout switch add commit stash init shortlog reflog config "
              "restore mv rm version help");
    qsizetype i = 1;
    for (; i < argv.size(); ++i) {
        const QString &text = argv.at(i).text;
        if (text == u"-c" || text.startsWith(QLatin1String("--config-env")) ||
            text.startsWith(QLatin1String("--exec-path")) || text.startsWith(QLatin1String("-c")))
            return refused(kHiddenCode,
                           QStringLiteral("git %1 can set a program git runs (core.pager, "
                                          "core.sshCommand, ...)")
                               .arg(text));
        if (text == u"-C" || text == u"--git-dir" || text == u"--work-tree") {
            ++i;
            continue;
        }
        if (!text.startsWith(u'-'))
            break;
    }
    if (i >= argv.size())
        return known();
    const QString sub = argv.at(i).text;
    static const QStringList runners = words("-c --config -u --upload-pack --receive-pack --exec "
                                             "-O --open-files-in-pager --template --ext-diff");
    for (qsizetype k = i + 1; k < argv.size(); ++k) {
        const QString &text = argv.at(k).text;
        for (const QString &option : runners) {
            if (text == option || text.startsWith(option + u'=') ||
                (option.size() == 2 && option != u"-c" && text.startsWith(option)))
                return refused(kHiddenCode,
                               QStringLiteral("git %1 %2 can make git run a program the policy "
                                              "cannot see")
                                   .arg(sub, option));
        }
    }
    if (!subcommands.contains(sub))
        return refused(QStringLiteral("unknown-subcommand"),
                       QStringLiteral("git %1 is not a subcommand the policy knows").arg(sub));
    if (sub == u"config") {
        for (qsizetype k = i + 1; k < argv.size(); ++k) {
            const QString &text = argv.at(k).text;
            if (text == u"--get" || text == u"--get-all" || text == u"--list" || text == u"-l" ||
                text == u"--get-regexp")
                return known();
        }
        return refused(kHiddenCode, QStringLiteral("git config can set a program git runs; only "
                                                   "--get, --get-all, --get-regexp and --list "
                                                   "are allowed"));
    }
    return known();
}

CatalogueVerdict checkRsync(const QList<CommandWord> &argv)
{
    static const QRegularExpression plainSsh(QStringLiteral(
        "^ssh( +(-[46aCqTxkn]+|-[pil] +[A-Za-z0-9_./@-]+|-[pil][A-Za-z0-9_./@-]+))*$"));
    static const QRegularExpression plainPath(QStringLiteral("^[A-Za-z0-9_./-]+$"));
    for (qsizetype i = 1; i < argv.size(); ++i) {
        const QString &text = argv.at(i).text;
        QString value;
        QString option;
        if (text == u"-e" || text == u"--rsh" || text == u"--rsync-path") {
            option = text;
            value = argv.value(i + 1).text;
        } else if (text.startsWith(QLatin1String("--rsh=")) ||
                   text.startsWith(QLatin1String("--rsync-path="))) {
            option = text.left(text.indexOf(u'='));
            value = text.mid(text.indexOf(u'=') + 1);
        } else if (text.startsWith(QLatin1String("-e")) && !text.startsWith(QLatin1String("--"))) {
            option = QStringLiteral("-e");
            value = text.mid(2);
        } else {
            continue;
        }
        const bool ok = option == u"--rsync-path" ? plainPath.match(value).hasMatch()
                                                  : plainSsh.match(value).hasMatch();
        if (!ok)
            return refused(kHiddenCode,
                           QStringLiteral("rsync %1 '%2' runs a command the policy cannot judge; "
                                          "only plain ssh with simple options is allowed")
                               .arg(option, value));
    }
    return known();
}

CatalogueVerdict checkSystemctl(const QList<CommandWord> &argv)
{
    for (qsizetype i = 1; i < argv.size(); ++i) {
        const QString &text = argv.at(i).text;
        if (!text.startsWith(u'-') && text.contains(u'/') && !text.contains(u'='))
            return refused(kHiddenCode, QStringLiteral("systemctl with the unit file path %1 "
                                                       "links a unit from outside the unit "
                                                       "directories")
                                            .arg(text));
    }
    return known();
}

CatalogueVerdict checkPager(const QList<CommandWord> &argv)
{
    for (qsizetype i = 1; i < argv.size(); ++i) {
        if (argv.at(i).text.startsWith(u'+'))
            return refused(kHiddenCode,
                           QStringLiteral("%1 %2 runs a pager command at start-up")
                               .arg(RuleMatcher::baseName(argv.first().text), argv.at(i).text));
    }
    return known();
}

CatalogueVerdict checkNvme(const QList<CommandWord> &argv)
{
    static const QStringList reads = words("list list-subsys smart-log id-ctrl id-ns error-log "
                                           "fw-log list-ns show-regs help version");
    const QString sub = argv.value(1).text;
    if (argv.size() < 2 || reads.contains(sub) || sub.startsWith(u'-'))
        return known();
    return refused(
        QStringLiteral("unknown-subcommand"),
        QStringLiteral("nvme %1 is not a read-only subcommand the policy knows").arg(sub));
}

const QHash<QString, Check> &checks()
{
    static const QHash<QString, Check> table = {
        {QStringLiteral("tar"), checkTar},
        {QStringLiteral("git"), checkGit},
        {QStringLiteral("rsync"), checkRsync},
        {QStringLiteral("systemctl"), checkSystemctl},
        {QStringLiteral("less"), checkPager},
        {QStringLiteral("more"), checkPager},
        {QStringLiteral("nvme"), checkNvme},
        {QStringLiteral("scp"),
         [](const QList<CommandWord> &argv) {
             return refuseOptions(
                 argv, {QStringLiteral("-S"), QStringLiteral("-o"), QStringLiteral("-F")},
                 QStringLiteral("can make scp run another program"));
         }},
        {QStringLiteral("sort"),
         [](const QList<CommandWord> &argv) {
             return refuseOptions(argv, {QStringLiteral("--compress-program")},
                                  QStringLiteral("runs a program the policy cannot see"));
         }},
        {QStringLiteral("vzdump"),
         [](const QList<CommandWord> &argv) {
             return refuseOptions(argv, {QStringLiteral("--script")},
                                  QStringLiteral("runs a hook program the policy cannot see"));
         }},
        {QStringLiteral("apt"),
         [](const QList<CommandWord> &argv) {
             return refuseOptions(argv,
                                  {QStringLiteral("-o"), QStringLiteral("--option"),
                                   QStringLiteral("-c"), QStringLiteral("--config-file")},
                                  QStringLiteral("can set a command APT runs (Pre-Invoke, ...)"));
         }},
        {QStringLiteral("apt-get"),
         [](const QList<CommandWord> &argv) {
             return refuseOptions(argv,
                                  {QStringLiteral("-o"), QStringLiteral("--option"),
                                   QStringLiteral("-c"), QStringLiteral("--config-file")},
                                  QStringLiteral("can set a command APT runs (Pre-Invoke, ...)"));
         }},
        {QStringLiteral("curl"),
         [](const QList<CommandWord> &argv) {
             return refuseOptions(argv, {QStringLiteral("-K"), QStringLiteral("--config")},
                                  QStringLiteral("reads options the policy cannot see"));
         }},
        {QStringLiteral("wget"),
         [](const QList<CommandWord> &argv) {
             return refuseOptions(argv,
                                  {QStringLiteral("-e"), QStringLiteral("--execute"),
                                   QStringLiteral("--use-askpass"), QStringLiteral("--config")},
                                  QStringLiteral("can make wget run a program"));
         }},
        {QStringLiteral("openssl"),
         [](const QList<CommandWord> &argv) {
             return refuseOptions(argv,
                                  {QStringLiteral("-engine"), QStringLiteral("-provider"),
                                   QStringLiteral("-provider-path")},
                                  QStringLiteral("loads code into openssl"));
         }},
        {QStringLiteral("tcpdump"),
         [](const QList<CommandWord> &argv) {
             return refuseOptions(argv, {QStringLiteral("-z")},
                                  QStringLiteral("runs a program on every saved file"));
         }},
        {QStringLiteral("modprobe"),
         [](const QList<CommandWord> &argv) {
             return refuseOptions(argv, {QStringLiteral("-C"), QStringLiteral("--config")},
                                  QStringLiteral("reads a configuration whose install lines run "
                                                 "commands"));
         }},
        {QStringLiteral("ethtool"),
         [](const QList<CommandWord> &argv) {
             return refuseOptions(argv,
                                  {QStringLiteral("-E"), QStringLiteral("--change-eeprom"),
                                   QStringLiteral("-f"), QStringLiteral("--flash")},
                                  QStringLiteral("rewrites the network card's firmware"));
         }},
        {QStringLiteral("dpkg"),
         [](const QList<CommandWord> &argv) {
             static const QStringList queries =
                 words("-l --list -L --listfiles -s --status -S --search -p --print-avail "
                       "--get-selections --print-architecture --version --help -V --verify "
                       "--audit -C");
             for (qsizetype i = 1; i < argv.size(); ++i) {
                 if (queries.contains(argv.at(i).text))
                     return known();
             }
             return refused(QStringLiteral("unknown-subcommand"),
                            QStringLiteral("dpkg is allowed for queries only (-l, -L, -s, -S, "
                                           "...); install packages with apt"));
         }},
        {QStringLiteral("sed"),
         [](const QList<CommandWord> &argv) {
             const QString why = ScriptLanguages::sedRefusal(argv);
             return why.isEmpty() ? known() : refused(QStringLiteral("inline-interpreter"), why);
         }},
    };
    return table;
}

bool isAwk(const QString &name)
{
    return name == u"awk" || name == u"gawk" || name == u"mawk" || name == u"nawk";
}

} // namespace

ProgramCatalogue::ProgramCatalogue()
{
    const auto add = [this](const QStringList &names, ProgramKind kind) {
        for (const QString &name : names) {
            ProgramEntry entry;
            entry.name = name;
            entry.kind = kind;
            m_entries.insert(name, entry);
        }
    };
    add(kInspect, ProgramKind::Inspect);
    add(kFiles, ProgramKind::Files);
    add(kAdminAnyArguments, ProgramKind::Admin);
    add(kBuiltins, ProgramKind::Builtin);
    for (const ProgramEntry &entry : adminEntries())
        m_entries.insert(entry.name, entry);
    for (const ProgramEntry &entry : wrapperEntries())
        m_entries.insert(entry.name, entry);
}

const ProgramCatalogue &ProgramCatalogue::builtIn()
{
    static const ProgramCatalogue catalogue;
    return catalogue;
}

bool ProgramCatalogue::inSystemDirectory(const QString &program)
{
    if (!program.contains(u'/'))
        return true;
    static const QStringList directories = {
        QStringLiteral("/bin"),           QStringLiteral("/sbin"),
        QStringLiteral("/usr/bin"),       QStringLiteral("/usr/sbin"),
        QStringLiteral("/usr/local/bin"), QStringLiteral("/usr/local/sbin")};
    if (!program.startsWith(u'/'))
        return false;
    const QString clean = QDir::cleanPath(program);
    return directories.contains(clean.left(clean.lastIndexOf(u'/')));
}

QString ProgramCatalogue::unknownReason(const QString &program)
{
    const QString base = RuleMatcher::baseName(program);
    if (!inSystemDirectory(program))
        return QStringLiteral("%1 is a file outside the system program directories, and the "
                              "policy cannot see what it does; an administrator can allow it "
                              "with the rules-file line 'allow allow-%2 %1' (docs/POLICY.md)")
            .arg(program, base.isEmpty() ? QStringLiteral("program") : base);
    return QStringLiteral("%1 is not a program the policy knows, so it is refused by default; "
                          "an administrator can allow it with the rules-file line "
                          "'allow allow-%1 %1' (docs/POLICY.md)")
        .arg(base);
}

QString ProgramCatalogue::variableRefusal(const QString &name, const QString &value)
{
    static const QRegularExpression loader(QStringLiteral("^(LD_|GCONV_PATH$|GETCONF_DIR$)"));
    static const QStringList code =
        words("BASH_ENV ENV PS0 PS1 PS2 PS3 PS4 PROMPT_COMMAND BASH_XTRACEFD SHELLOPTS BASHOPTS "
              "CDPATH GLOBIGNORE BASH_LOADABLES_PATH EXECIGNORE PERL5OPT PERL5LIB PERLLIB "
              "PERL5DB PYTHONPATH PYTHONSTARTUP PYTHONHOME PYTHONINSPECT RUBYOPT RUBYLIB "
              "NODE_OPTIONS NODE_PATH PAGER MANPAGER SYSTEMD_PAGER GIT_PAGER GIT_SSH "
              "GIT_SSH_COMMAND GIT_EXTERNAL_DIFF GIT_EDITOR GIT_CONFIG GIT_CONFIG_GLOBAL "
              "GIT_CONFIG_SYSTEM GIT_CONFIG_COUNT GIT_EXEC_PATH EDITOR VISUAL SUDO_EDITOR "
              "SYSTEMD_EDITOR LESSOPEN LESSCLOSE LESSKEY SUDO_ASKPASS SSH_ASKPASS RSYNC_RSH "
              "TAR_OPTIONS XARGS BROWSER AWKPATH AWKLIBPATH TERMINFO TERMINFO_DIRS "
              "OPENSSL_CONF OPENSSL_ENGINES OPENSSL_MODULES MAIL MAILPATH HOSTALIASES "
              "LOCPATH NLSPATH");
    if (loader.match(name).hasMatch() || code.contains(name) ||
        name.startsWith(QLatin1String("GIT_CONFIG_")) ||
        name.startsWith(QLatin1String("BASH_FUNC_")))
        return QStringLiteral("setting %1 can make the programs that follow load or run code the "
                              "policy cannot see")
            .arg(name);
    if (name == u"PATH") {
        // Extending PATH ($PATH:/dir) or naming system directories only (env -i PATH=/bin).
        const QStringList parts = value.split(u':');
        static const QStringList system = {
            QStringLiteral("/bin"),           QStringLiteral("/sbin"),
            QStringLiteral("/usr/bin"),       QStringLiteral("/usr/sbin"),
            QStringLiteral("/usr/local/bin"), QStringLiteral("/usr/local/sbin")};
        const bool extends = parts.first() == u"$PATH" || parts.first() == u"${PATH}";
        bool ok = true;
        for (qsizetype i = extends ? 1 : 0; i < parts.size(); ++i) {
            static const QRegularExpression plain(QStringLiteral("^/[A-Za-z0-9_./-]*$"));
            static const QRegularExpression temporary(
                QStringLiteral("^/(tmp|var/tmp|dev/shm|run/user)(/|$)"));
            const QString &dir = parts.at(i);
            ok = ok && (extends ? plain.match(dir).hasMatch() && !temporary.match(dir).hasMatch()
                                : system.contains(dir));
        }
        if (!ok)
            return QStringLiteral("setting PATH to '%1' changes which file a program name runs; "
                                  "only appending to it ($PATH:/dir) or naming the system "
                                  "directories (/usr/sbin:/usr/bin:/sbin:/bin) is allowed")
                .arg(value);
    }
    return {};
}

const ProgramEntry *ProgramCatalogue::find(const QString &program) const
{
    if (!inSystemDirectory(program))
        return nullptr;
    const auto it = m_entries.constFind(RuleMatcher::baseName(program));
    return it == m_entries.constEnd() ? nullptr : &it.value();
}

QStringList ProgramCatalogue::names(ProgramKind kind) const
{
    QStringList out;
    for (auto it = m_entries.constBegin(); it != m_entries.constEnd(); ++it) {
        if (it.value().kind == kind)
            out << it.key();
    }
    out.sort();
    return out;
}

CatalogueVerdict ProgramCatalogue::judge(const QList<CommandWord> &argv) const
{
    if (argv.isEmpty())
        return known();
    const ProgramEntry *entry = find(argv.first().text);
    if (!entry)
        return {CatalogueVerdict::Kind::Unknown, QStringLiteral("unknown-program"),
                unknownReason(argv.first().text)};
    return judgeArguments(*entry, argv);
}

CatalogueVerdict ProgramCatalogue::judgeArguments(const ProgramEntry &entry,
                                                  const QList<CommandWord> &argv) const
{
    if (isAwk(entry.name)) {
        const QString why = ScriptLanguages::awkRefusal(argv);
        return why.isEmpty() ? known() : refused(QStringLiteral("inline-interpreter"), why);
    }
    if (const auto it = checks().constFind(entry.name); it != checks().constEnd()) {
        const CatalogueVerdict verdict = it.value()(argv);
        if (verdict.kind != CatalogueVerdict::Kind::Known)
            return verdict;
    }
    if (entry.kind == ProgramKind::Admin && !entry.subcommands.isEmpty())
        return judgeSubcommand(entry, argv);
    return known();
}

CatalogueVerdict ProgramCatalogue::judgeSubcommand(const ProgramEntry &entry,
                                                   const QList<CommandWord> &argv) const
{
    for (qsizetype i = 1; i < argv.size(); ++i) {
        const CommandWord &word = argv.at(i);
        if (word.text.startsWith(u'-'))
            continue;
        if (word.dynamic)
            return refused(
                QStringLiteral("unknown-subcommand"),
                QStringLiteral("the subcommand of %1 is only known at run time").arg(entry.name));
        if (!entry.subcommands.contains(word.text))
            return refused(QStringLiteral("unknown-subcommand"),
                           QStringLiteral("%1 %2 is not a subcommand the policy knows; an "
                                          "administrator can allow it with the rules-file line "
                                          "'allow allow-%1-%2 %1 %2'")
                               .arg(entry.name, word.text));
        return known();
    }
    return known();
}

} // namespace pmcp

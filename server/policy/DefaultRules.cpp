#include "server/policy/DefaultRules.h"

namespace pmcp {

namespace {

// Kept as one readable block: this text is what `proxmox-mcpd` writes as the default rules
// file, so it is formatted for the administrator who will edit it.
constexpr char kRules[] =
    R"RULES(# proxmox-mcp command policy: the built-in rules (format: docs/POLICY.md).
# [core] deny ID PROGRAM [PATTERN...] -- REASON. Every pattern must match some argument.
# '*' stops at '/', '**' crosses it, 'a|b' are alternatives, 're:' a regex, '!p' no argument matches p.
mode denylist

# --- root@pam: the cluster's last way in -------------------------------------------------
core deny pveum-root-user pveum user|usr re:^(modify|mod|delete|del|set|password|passwd|token|tfa)$ **root@pam** -- changing or deleting root@pam can lock everyone out of the cluster
core deny pveum-root-legacy pveum usermod|userdel|passwd|change_password **root@pam** -- changing or deleting root@pam can lock everyone out of the cluster
core deny pveum-root-acl pveum acl|aclmod|acldel **root@pam** -- ACL changes on root@pam are refused
core deny pvesh-root pvesh set|create|delete|put|post **root@pam** -- changing root@pam through the API is refused

# --- cluster membership ------------------------------------------------------------------
core deny pvecm-delnode pvecm delnode -- removing a node from the cluster is refused
core deny pvecm-expected pvecm expected -- changing the expected votes can split the cluster
deny pvecm-add-force pvecm add --force -- forcing a node into a cluster overwrites its configuration

# --- recursive deletion of the system ----------------------------------------------------
core deny rm-root rm re:^(-[^-]*[rR]|--recursive$) / -- recursive deletion of /
core deny rm-no-preserve-root rm --no-preserve-root -- rm --no-preserve-root
core deny rm-boot rm re:^(-[^-]*[rR]|--recursive$) /boot|/boot/** -- recursive deletion of /boot
core deny rm-pve-cluster rm re:^(-[^-]*[rR]|--recursive$) /etc/pve|/etc/pve/**|/var/lib/pve-cluster|/var/lib/pve-cluster/** -- recursive deletion of the cluster configuration
deny rm-system rm re:^(-[^-]*[rR]|--recursive$) /etc|/etc/[*]|/usr|/usr/[*]|/root|/root/[*]|/bin|/bin/[*]|/sbin|/sbin/[*]|/lib*|/lib*/[*]|/var|/var/[*]|/var/lib|/var/lib/[*] -- recursive deletion of a system directory
deny chmod-system-recursive chmod|chown|chgrp|setfacl re:^(-[^-]*R|--recursive$) /|/etc|/etc/pve|/usr|/bin|/sbin|/lib*|/var|/boot|/root -- recursive permission change of a system directory

# --- disks --------------------------------------------------------------------------------
core deny mkfs mkfs|mkfs.*|mke2fs|mkswap|mkdosfs|mkntfs|mkfs.vfat -- creating a file system destroys the data on the device
core deny wipefs wipefs re:^(-[^-]*[ao]|--all$|--offset) !-n|--no-act -- wiping signatures destroys the data on the device
core deny dd-device dd re:^of=/dev/(?!null$|zero$|stdout$|stderr$|tty$|fd/) -- writing a device with dd destroys its data
core deny shred shred -- shred destroys data
core deny sgdisk sgdisk re:^(-[^-]*[^pvi0-9-]|--(?!print|verify|info)) -- changing a partition table
core deny fdisk fdisk|gdisk|cfdisk !-l|--list|-x|--list-details|-V|--version -- interactive partitioning
core deny sfdisk sfdisk !-l|--list|-d|--dump|-J|--json|-s|--show-size|-V|--verify|-F|--list-free|-g|--show-geometry|--version -- changing a partition table
core deny parted-write parted mklabel|mktable|mkpart|rm|resizepart|rescue|name|set|toggle|disk_set|disk_toggle|type -- changing a partition table
core deny parted parted !-l|--list|print|-v|--version|-h|--help -- changing a partition table
core deny blkdiscard blkdiscard -- discarding a device destroys its data
core deny pvremove pvremove -- removing an LVM physical volume
core deny lvm-remove-pve lvremove|vgremove pve|pve/root|pve/swap|pve/data|/dev/pve|/dev/pve/root|/dev/pve/swap|/dev/pve/data|/dev/mapper/pve-root|/dev/mapper/pve-swap|/dev/mapper/pve-data -- removing the host's own volumes
core deny zpool-destroy zpool destroy|labelclear -- destroying a ZFS pool
core deny zfs-destroy-pool zfs destroy re:^(?!destroy$)[^-/@#][^/@#]*$ -- destroying the root dataset of a pool
core deny zfs-destroy-root zfs destroy rpool/ROOT|rpool/ROOT/**|rpool/data -- destroying the host's root or guest datasets

# --- host power -----------------------------------------------------------------------------
core deny host-shutdown shutdown|reboot|poweroff|halt|kexec|telinit -- shutting down or rebooting the host
core deny host-init init 0|1|6|s|S|single -- changing the runlevel of the host
core deny host-systemctl-power systemctl poweroff|reboot|halt|kexec|soft-reboot|emergency|rescue|suspend|hibernate|hybrid-sleep|suspend-then-hibernate -- shutting down or rebooting the host
core deny host-systemctl-target systemctl start|isolate|restart re:^(poweroff|reboot|halt|kexec|soft-reboot|rescue|emergency|shutdown|runlevel[016])(\.target)?$ -- shutting down or rebooting the host
core deny host-kill-init kill re:^(1|-1)$ -- killing init (or every process) takes the host down
core deny host-loginctl loginctl poweroff|reboot|halt|suspend|hibernate -- shutting down or rebooting the host

# --- commands run later, out of the policy's sight -------------------------------------------
core deny schedule-at at|batch !-l|-d|-r|-c|-V -- at and batch run commands the policy cannot see
core deny crontab-write crontab !-l -- a crontab runs commands the policy cannot see

# --- the services that keep the node reachable and in the cluster --------------------------
deny service-stop systemctl stop|disable|mask|kill|freeze re:^(pve-cluster|pvedaemon|pveproxy|pvestatd|corosync|ssh|sshd|pve-firewall|pve-ha-lrm|pve-ha-crm)(\.service)?$ -- stopping a service the node needs
deny service-stop-sysv service re:^(pve-cluster|pvedaemon|pveproxy|pvestatd|corosync|ssh|sshd|pve-firewall|pve-ha-lrm|pve-ha-crm)$ stop -- stopping a service the node needs
deny service-stop-initd re:^/etc/init\.d/(pve-cluster|pvedaemon|pveproxy|pvestatd|corosync|ssh|sshd|pve-firewall)$ stop -- stopping a service the node needs
deny service-stop-daemon pvedaemon|pveproxy|pvestatd|pve-ha-lrm|pve-ha-crm|spiceproxy stop -- stopping a service the node needs
deny service-kill pkill|killall re:^(pve-cluster|pmxcfs|pvedaemon|pveproxy|pvestatd|corosync|sshd|pve-firewall)$ -- killing a service the node needs

# --- firewall -------------------------------------------------------------------------------
deny firewall-flush re:^ip6?tables(-legacy|-nft)?$ -F|--flush|-X|--delete-chain -- flushing the firewall
deny firewall-policy-accept re:^ip6?tables(-legacy|-nft)?$ -P|--policy ACCEPT -- opening the firewall
deny firewall-nft-flush nft flush ruleset -- flushing the firewall
deny firewall-stop pve-firewall stop|disable -- stopping the Proxmox firewall
deny firewall-ufw ufw disable|reset -- disabling the firewall

# --- privilege escalation --------------------------------------------------------------------
deny su su -- su opens a shell as another user
deny pkexec pkexec -- pkexec runs a program as another user
deny setuid-chmod chmod re:(^|,)[ugoa]*[+=][rwxXt]*s|^0*[2-7][0-7]{3}$ -- setting the setuid or setgid bit
deny passwd-root passwd root -- changing the root password
deny chpasswd chpasswd -- changing passwords in bulk
deny visudo visudo !-c|--check -- editing sudoers
deny vipw vipw|vigr -- editing the user database
deny usermod-sudo usermod re:^(-[^-]*G.*|--groups|--append)$ re:^(.*,)?(sudo|wheel|root|adm|admin)(,.*)?$ -- adding a user to an administrative group
deny adduser-sudo adduser|gpasswd re:^(sudo|wheel|root|adm|admin)$ -- adding a user to an administrative group
deny uid-zero useradd|usermod -o|--non-unique re:^(0|--uid=0|-u0)$ -- creating a second root account

# --- files whose change hands out root or breaks the node ----------------------------------
core deny write-critical-file @write /etc/sudoers|/etc/sudoers.d|/etc/sudoers.d/**|/etc/shadow|/etc/shadow-|/etc/passwd|/etc/passwd-|/etc/group|/etc/group-|/etc/gshadow|/etc/gshadow-|/root/.ssh|/root/.ssh/**|/etc/pve/corosync.conf|/etc/pve/user.cfg|/etc/pve/authkey.pub|/etc/corosync|/etc/corosync/**|/etc/pve/priv|/etc/pve/priv/**|/etc/ssh/sshd_config|/etc/ssh/sshd_config.d/**|/etc/pam.d/**|/etc/ld.so.preload|/etc/crontab|/etc/cron.d/**|/boot|/boot/**|/dev/sd*|/dev/nvme*|/dev/vd*|/dev/hd*|/dev/xvd*|/dev/mapper/*|/dev/zd*|/dev/dm-*|/dev/md*|/dev/disk/**|/dev/zvol/**|/dev/pve/*|/proc/sysrq-trigger -- writing a file that controls root access, the cluster, the boot or a disk
core deny write-cluster-database @write /etc/pve|/etc/pve/**|/var/lib/pve-cluster|/var/lib/pve-cluster/** -- writing the cluster database directly bypasses the Proxmox API and its checks; use qm, pct, pvesh or pveum
core deny write-login-config @write /etc/pam.d|/etc/security|/etc/security/**|/etc/ssh|/etc/ssh/**|/home/*/.ssh|/home/*/.ssh/**|.ssh|.ssh/**|/etc/sudoers*|/etc/ld.so.conf|/etc/ld.so.conf.d|/etc/ld.so.conf.d/**|/etc/nsswitch.conf -- writing a file that controls logins, SSH, sudo or the libraries every program loads
core deny write-persistence @write /etc/cron*|/etc/cron*/**|/var/spool/cron|/var/spool/cron/**|/etc/anacrontab|/var/spool/at|/var/spool/at/**|/etc/systemd|/etc/systemd/**|/lib/systemd|/lib/systemd/**|/usr/lib/systemd|/usr/lib/systemd/**|/run/systemd|/run/systemd/**|/usr/local/lib/systemd|/usr/local/lib/systemd/**|/root/.config/systemd|/root/.config/systemd/**|/home/*/.config/systemd|/home/*/.config/systemd/**|/etc/init.d|/etc/init.d/**|/etc/rc.local|/etc/rc?.d|/etc/rc?.d/**|/etc/udev/rules.d|/etc/udev/rules.d/**|/lib/udev/rules.d|/lib/udev/rules.d/**|/etc/modprobe.d|/etc/modprobe.d/**|/etc/modules|/etc/modules-load.d|/etc/modules-load.d/**|/etc/apt/apt.conf|/etc/apt/apt.conf.d|/etc/apt/apt.conf.d/**|/etc/kernel/**|/etc/initramfs-tools/** -- writing a place from which the host runs commands later (cron, systemd units, init scripts, udev, module and package hooks)
core deny write-shell-startup @write /etc/profile|/etc/profile.d|/etc/profile.d/**|/etc/bash.bashrc|/etc/bash.bash_logout|/etc/environment|/etc/environment.d|/etc/environment.d/**|/etc/skel|/etc/skel/**|/root/.bashrc|/root/.profile|/root/.bash_profile|/root/.bash_login|/root/.bash_logout|/root/.pam_environment|/home/*/.bashrc|/home/*/.profile|/home/*/.bash_profile|/home/*/.bash_login|/home/*/.bash_logout|.bashrc|.profile|.bash_profile|.bash_login|.bash_logout -- writing a shell start-up file runs its commands in every later login
core deny write-audit @write /var/lib/proxmox-mcp|/var/lib/proxmox-mcp/**|/etc/proxmox-mcp|/etc/proxmox-mcp/** -- writing the state, audit log or configuration of proxmox-mcp itself
core deny write-kernel-hooks @write /proc/sys/kernel/core_pattern|/proc/sys/kernel/modprobe|/proc/sys/kernel/hotplug|/sys/kernel/uevent_helper|/proc/sys/fs/binfmt_misc|/proc/sys/fs/binfmt_misc/** -- writing a kernel setting that makes the kernel run a program
core deny sysctl-kernel-hooks sysctl re:^kernel[./](core_pattern|modprobe|hotplug)= -- setting a kernel hook makes the kernel run a program
)RULES";

} // namespace

QString DefaultRules::text()
{
    return QString::fromUtf8(kRules);
}

} // namespace pmcp

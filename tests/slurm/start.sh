#!/usr/bin/env bash
# Starts a Slurm "cluster" of one node on this machine for the Slurm kernel tests: Debian's
# slurm-wlm and munge (installed from apt when missing), one partition `debug` holding the
# machine's cores and memory. Needs root. Safe to run again: daemons already up are left alone.
# Prints `slurm up: <node>` once the node accepts jobs.
set -euo pipefail
# One start at a time: test workers may call this together. The daemons started below must not
# inherit the lock's descriptor (`9>&-`): they would hold the lock for as long as they run.
exec 9>/run/lichen-slurm-start.lock
flock 9

need_packages() { ! command -v slurmctld >/dev/null || ! command -v munged >/dev/null; }
if need_packages; then
  apt-get -o DPkg::Lock::Timeout=600 update -qq
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq \
    --no-install-recommends \
    slurm-wlm munge >/dev/null
fi

# A pid file can outlive its daemon and name another process since: ask for the program.
running() { pgrep -x "$1" >/dev/null; }
node=$(hostname -s)
spool=/var/spool/lichen-slurm

# Authentication: munge, as its own user, with a private key.
install -d -o munge -g munge /etc/munge /var/lib/munge /var/log/munge /run/munge
if [ ! -s /etc/munge/munge.key ]; then
  head -c 1024 /dev/urandom > /etc/munge/munge.key
fi
chown munge:munge /etc/munge/munge.key
chmod 400 /etc/munge/munge.key
running munged || su -s /bin/sh munge -c /usr/sbin/munged </dev/null >/dev/null 2>&1 9>&-
for _ in $(seq 20); do munge -n </dev/null >/dev/null 2>&1 && break; sleep 0.25; done

# This machine has no cgroups: processes are tracked through /proc, tasks are not bound.
install -d /etc/slurm "$spool/ctld" "$spool/d" /var/log/slurm
memory_mb=$(awk '/^MemTotal/ { print int($2 / 1024) - 1024 }' /proc/meminfo)
cat > /etc/slurm/slurm.conf <<CONF
ClusterName=lichen-test
SlurmctldHost=$node
SlurmUser=root
AuthType=auth/munge
MpiDefault=none
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core_Memory
DefMemPerCPU=1024
ReturnToService=2
StateSaveLocation=$spool/ctld
SlurmdSpoolDir=$spool/d
SlurmctldPidFile=/run/slurmctld.pid
SlurmdPidFile=/run/slurmd.pid
SlurmctldLogFile=/var/log/slurm/slurmctld.log
SlurmdLogFile=/var/log/slurm/slurmd.log
NodeName=$node CPUs=$(nproc) RealMemory=$memory_mb State=UNKNOWN
PartitionName=debug Nodes=$node Default=YES MaxTime=INFINITE State=UP
CONF
if running slurmctld; then scontrol reconfigure >/dev/null 2>&1 || true
else slurmctld </dev/null >/dev/null 2>&1 9>&-; fi
running slurmd || slurmd </dev/null >/dev/null 2>&1 9>&-

for _ in $(seq 60); do
  if sinfo -h -o %T 2>/dev/null | grep -qE '^(idle|mixed|allocated)'; then
    echo "slurm up: $node"
    exit 0
  fi
  sleep 0.5
done
echo "slurm did not come up: see /var/log/slurm/slurmctld.log and slurmd.log" >&2
exit 1

#!/bin/sh
# tests/slurm/slurm-local.sh: a single-node Slurm cluster on this machine for the tests: munged, slurmctld and
# slurmd (Debian's munge, slurmctld, slurmd packages), with their configuration, key, sockets, state and logs in
# DIR and ports picked at random on 127.0.0.1. Needs root (slurmd starts jobs as their users).
#   slurm-local.sh start DIR   prints the slurm.conf path (export SLURM_CONF=it) once the node is idle;
#                              exit 77 with "skipped: REASON" on stderr when it cannot be started here
#   slurm-local.sh stop DIR    stops the daemons and removes DIR
set -u
cmd=${1:-}; dir=${2:-}
[ -n "$cmd" ] && [ -n "$dir" ] || { echo "usage: $0 start|stop DIR" >&2; exit 2; }
skip() { echo "skipped: $*" >&2; exit 77; }
stop() {
  for p in slurmd slurmctld munged; do
    [ -f "$dir/$p.pid" ] && kill "$(cat "$dir/$p.pid")" 2>/dev/null
  done
  sleep 1
  for p in slurmd slurmctld munged; do
    [ -f "$dir/$p.pid" ] && kill -9 "$(cat "$dir/$p.pid")" 2>/dev/null
  done
  rm -rf "$dir"
}
case "$cmd" in
stop) stop; exit 0 ;;
start) ;;
*) echo "usage: $0 start|stop DIR" >&2; exit 2 ;;
esac
for b in munged slurmctld slurmd sbatch sinfo; do
  command -v "$b" >/dev/null 2>&1 || [ -x "/usr/sbin/$b" ] || skip "no $b (apt-get install munge slurmctld slurmd slurm-client)"
done
[ "$(id -u)" = 0 ] || skip "slurmd must run as root"
PATH=$PATH:/usr/sbin
mkdir -p "$dir/state" "$dir/spool" "$dir/munge" || skip "cannot create $dir"
chmod 700 "$dir/munge"
# a key of our own: the cluster trusts nothing outside DIR
dd if=/dev/urandom of="$dir/munge/munge.key" bs=1024 count=1 2>/dev/null
chmod 400 "$dir/munge/munge.key"
munged --force --socket="$dir/munge/munge.sock" --key-file="$dir/munge/munge.key" --pid-file="$dir/munged.pid" \
  --log-file="$dir/munge/munged.log" --seed-file="$dir/munge/munged.seed" 2>"$dir/munged.err" ||
  skip "munged did not start: $(cat "$dir/munged.err" "$dir/munge/munged.log" 2>/dev/null | tail -2 | tr '\n' ' ')"
host=$(hostname -s)
cpus=$(nproc)
# two free-looking ports above 20000, different on every run
base=$(( 20000 + $(od -An -N2 -tu2 /dev/urandom | tr -d ' ') % 20000 ))
cat > "$dir/slurm.conf" <<CONF
ClusterName=parleytest
SlurmctldHost=$host(127.0.0.1)
SlurmctldPort=$base
SlurmdPort=$((base + 1))
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$dir/munge/munge.sock
SlurmUser=root
SlurmdUser=root
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd.pid
SlurmctldLogFile=$dir/slurmctld.log
SlurmdLogFile=$dir/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
MpiDefault=none
SwitchType=switch/none
SchedulerType=sched/builtin
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
ReturnToService=2
SlurmdTimeout=60
InactiveLimit=0
KillWait=5
MinJobAge=600
NodeName=$host NodeAddr=127.0.0.1 CPUs=$cpus State=UNKNOWN
PartitionName=parley Nodes=$host Default=YES MaxTime=INFINITE State=UP OverSubscribe=FORCE:4
CONF
export SLURM_CONF="$dir/slurm.conf"
slurmctld -i -f "$SLURM_CONF" 2>"$dir/slurmctld.err" || skip "slurmctld did not start: $(tail -2 "$dir/slurmctld.err" "$dir/slurmctld.log" 2>/dev/null | tr '\n' ' ')"
slurmd -f "$SLURM_CONF" 2>"$dir/slurmd.err" || skip "slurmd did not start: $(tail -2 "$dir/slurmd.err" "$dir/slurmd.log" 2>/dev/null | tr '\n' ' ')"
i=0
until sinfo -h -o %t 2>/dev/null | grep -q idle; do
  i=$((i + 1))
  if [ $i -ge 60 ]; then
    msg=$(tail -3 "$dir/slurmctld.log" "$dir/slurmd.log" 2>/dev/null | tr '\n' ' ')
    stop; skip "the Slurm node did not become idle in 30 s: $msg"
  fi
  sleep 0.5
done
echo "$SLURM_CONF"

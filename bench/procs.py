"""What /proc says about processes: CPU time (utime+stime of a process and its descendants),
peak resident memory (VmHWM), who listens on a port, the load average and the machine's busy time."""

import os
from pathlib import Path

PROC = Path("/proc")
TICK = os.sysconf("SC_CLK_TCK")


def parse_stat_cpu(raw: str) -> float:
    """utime+stime in seconds from the text of /proc/<pid>/stat."""
    rest = raw[raw.rindex(")") + 2:].split()
    return (int(rest[11]) + int(rest[12])) / TICK


def children(pid: int) -> list[int]:
    kids: list[int] = []
    task = PROC / str(pid) / "task"
    try:
        for tid in os.listdir(task):
            try:
                kids += [int(c) for c in (task / tid / "children").read_text().split()]
            except OSError:
                continue
    except OSError:
        pass
    return kids


def tree(pid: int) -> list[int]:
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        todo.extend(children(p))
    return out


def cpu_seconds(pid: int) -> float | None:
    """CPU of the process and every live descendant (e.g. RabbitMQ's helpers)."""
    total, found = 0.0, False
    for p in tree(pid):
        try:
            total += parse_stat_cpu((PROC / str(p) / "stat").read_text())
            found = True
        except OSError:
            continue
    return total if found else None


def parse_status_kib(text: str, field: str) -> int | None:
    for line in text.splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return None


def peak_rss_mib(pid: int) -> float | None:
    """VmHWM (peak resident set) of the process tree's largest member, in MiB."""
    peaks = []
    for p in tree(pid):
        try:
            kib = parse_status_kib((PROC / str(p) / "status").read_text(), "VmHWM")
        except OSError:
            continue
        if kib is not None:
            peaks.append(kib)
    return round(max(peaks) / 1024, 1) if peaks else None


def reset_peak(pid: int) -> bool:
    """Reset VmHWM to the current RSS (Linux ≥ 4.0), so a phase's peak is its own."""
    ok = False
    for p in tree(pid):
        try:
            (PROC / str(p) / "clear_refs").write_text("5")
            ok = True
        except OSError:
            continue
    return ok


def _listen_inodes(port: int) -> set[str]:
    inodes = set()
    for table in ("tcp", "tcp6"):
        try:
            lines = (PROC / "net" / table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            cols = line.split()
            if cols[3] == "0A" and int(cols[1].rsplit(":", 1)[1], 16) == port:
                inodes.add(cols[9])
    return inodes


def pid_listening(port: int) -> int | None:
    """The process that listens on a TCP port (needs to see other processes' fds: root here)."""
    inodes = {f"socket:[{i}]" for i in _listen_inodes(port)}
    if not inodes:
        return None
    for entry in PROC.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            for fd in (entry / "fd").iterdir():
                if os.readlink(fd) in inodes:
                    return int(entry.name)
        except OSError:
            continue
    return None


def find_by_comm(comm: str, needle: str = "") -> list[int]:
    pids = []
    for entry in PROC.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if (entry / "comm").read_text().strip() != comm:
                continue
            if needle and needle not in (entry / "cmdline").read_bytes().decode(errors="replace"):
                continue
            pids.append(int(entry.name))
        except OSError:
            continue
    return pids


def environ(pid: int) -> dict[str, str]:
    raw = (PROC / str(pid) / "environ").read_bytes().split(b"\0")
    return dict(item.decode(errors="replace").split("=", 1) for item in raw if b"=" in item)


def loadavg() -> tuple[float, float, float]:
    one, five, fifteen = (PROC / "loadavg").read_text().split()[:3]
    return float(one), float(five), float(fifteen)


def machine_seconds(stat_line: str) -> tuple[float, float]:
    """(busy, stolen) CPU seconds of the whole machine from /proc/stat's `cpu` line. Stolen time
    is what the hypervisor gave other guests while ours wanted to run: not ours, not idle."""
    cols = [int(c) for c in stat_line.split()[1:]]
    idle = cols[3] + (cols[4] if len(cols) > 4 else 0)
    steal = cols[7] if len(cols) > 7 else 0
    # guest time is already inside user time
    return (sum(cols[:8]) - idle - steal) / TICK, steal / TICK


def machine_cpu_seconds() -> tuple[float, float]:
    """(busy, stolen) CPU seconds of the whole machine (all cores) since boot."""
    return machine_seconds((PROC / "stat").read_text().splitlines()[0])

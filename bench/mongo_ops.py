"""Counts every command the services send to MongoDB: a TCP proxy in front of the Mongo stand-in
that reads the wire protocol (OP_MSG) on its way through, run as its own process:

    python -m bench.mongo_ops LISTEN_PORT UPSTREAM_PORT STATS.json

Each client connection is named by the `appname` of its handshake (irtibat-intake, …). Every half
second the counts go to STATS.json as {"app db command collection": [commands, documents]}.
The proxy adds a hop: use a run with it for counting round trips, not for timings.
"""

import asyncio
import json
import os
import struct
import sys
from collections import Counter

import bson

OP_MSG, OP_QUERY = 2013, 2004
HEADER = struct.Struct("<iiii")
WRITES = {"insert": "documents", "update": "updates", "delete": "deletes"}


def parse_op_msg(payload: bytes) -> tuple[dict, dict[str, int]]:
    """The command document of an OP_MSG (after the header) and the size of each document sequence."""
    pos, body, sequences, firsts = 4, {}, {}, {}
    end = len(payload)
    flags = struct.unpack_from("<I", payload, 0)[0]
    if flags & 1:  # checksumPresent
        end -= 4
    while pos < end:
        kind = payload[pos]
        pos += 1
        size = struct.unpack_from("<i", payload, pos)[0]
        if kind == 0:
            body = bson.decode(payload[pos:pos + size])
        else:
            ident_end = payload.index(b"\0", pos + 4)
            ident = payload[pos + 4:ident_end].decode()
            p, n = ident_end + 1, 0
            while p < pos + size:
                doc_size = struct.unpack_from("<i", payload, p)[0]
                if n == 0 and ident == "updates":  # the first update names the fields touched
                    firsts[ident] = bson.decode(payload[p:p + doc_size])
                p += doc_size
                n += 1
            sequences[ident] = n
        pos += size
    body.update({f"_first_{k}": v for k, v in firsts.items()})
    return body, sequences


def parse_op_query(payload: bytes) -> dict:
    """The query document of a legacy OP_QUERY (pymongo's first handshake)."""
    name_end = payload.index(b"\0", 4)
    pos = name_end + 1 + 8
    size = struct.unpack_from("<i", payload, pos)[0]
    return bson.decode(payload[pos:pos + size])


def describe(body: dict, sequences: dict[str, int]) -> tuple[str, str, str, int]:
    """(database, command, collection, documents touched) of one command."""
    if not body:
        return "?", "?", "", 0
    command = next(iter(body))
    target = body[command]
    collection = target if isinstance(target, str) else ""
    docs = 1
    if command in WRITES:
        field = WRITES[command]
        docs = len(body.get(field, [])) + sequences.get(field, 0)
    shape = update_shape(body, command)
    return str(body.get("$db", "?")), command, f"{collection} {shape}".rstrip(), docs


def update_shape(body: dict, command: str) -> str:
    """Which fields an update touches, by name only (never values: they may be personal data):
    `{$set:status,timeline.*}`. Tells apart the code paths that write the same collection."""
    if command == "findAndModify":
        specs = [body.get("update") or {}]
    elif command == "update":
        first = body.get("_first_updates") or next(iter(body.get("updates", [])), {})
        specs = [first.get("u") or {}]
    else:
        return ""
    parts = []
    for spec in specs:
        if not isinstance(spec, dict):
            continue
        for op, fields in sorted(spec.items()):
            names = sorted({_field(f) for f in fields}) if isinstance(fields, dict) else []
            parts.append(f"{op}:{','.join(names)}")
    return "{" + " ".join(parts) + "}" if parts else ""


def _field(name: str) -> str:
    head, _, rest = name.partition(".")
    return f"{head}.*" if rest else head


class Counting:
    def __init__(self, upstream_port: int):
        self.upstream_port = upstream_port
        self.counts: Counter[str] = Counter()
        self.docs: Counter[str] = Counter()

    async def client(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        up_reader, up_writer = await asyncio.open_connection("127.0.0.1", self.upstream_port)
        back = asyncio.create_task(self._pipe(up_reader, writer))
        app = "?"
        try:
            while True:
                header = await reader.readexactly(HEADER.size)
                length, _req, _resp, opcode = HEADER.unpack(header)
                payload = await reader.readexactly(length - HEADER.size)
                up_writer.write(header + payload)
                if opcode == OP_MSG:
                    body, seqs = parse_op_msg(payload)
                    app = _appname(body) or app
                    db, command, collection, docs = describe(body, seqs)
                    key = f"{app} {db} {command} {collection}".rstrip()
                    self.counts[key] += 1
                    self.docs[key] += docs
                elif opcode == OP_QUERY:
                    app = _appname(parse_op_query(payload)) or app
                    self.counts[f"{app} handshake"] += 1
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            back.cancel()
            for w in (writer, up_writer):
                w.close()

    async def _pipe(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while data := await reader.read(65536):
                writer.write(data)
                await writer.drain()
        except (ConnectionError, asyncio.CancelledError):
            pass

    def snapshot(self) -> dict[str, list[int]]:
        return {k: [v, self.docs[k]] for k, v in self.counts.items()}


def _appname(body: dict) -> str | None:
    client = body.get("client") if isinstance(body, dict) else None
    if isinstance(client, dict):
        return (client.get("application") or {}).get("name")
    return None


async def serve(listen: int, upstream: int, stats_path: str) -> None:
    counting = Counting(upstream)
    server = await asyncio.start_server(counting.client, "127.0.0.1", listen)
    async with server:
        while True:
            await asyncio.sleep(0.5)
            tmp = stats_path + ".tmp"
            with open(tmp, "w", encoding="utf-8") as f:
                json.dump(counting.snapshot(), f)
            os.replace(tmp, stats_path)


def read_stats(path: str) -> dict[str, list[int]]:
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    except (OSError, ValueError):
        return {}


def per_application(before: dict[str, list[int]], after: dict[str, list[int]], applications: int) -> dict:
    """Commands and documents per application between two snapshots, grouped by client app."""
    out: dict[str, dict[str, list[float]]] = {}
    for key, (n1, d1) in sorted(after.items()):
        n0, d0 = before.get(key, [0, 0])
        if n1 - n0 <= 0 or applications <= 0:
            continue
        app, _, rest = key.partition(" ")
        out.setdefault(app, {})[rest] = [round((n1 - n0) / applications, 3), round((d1 - d0) / applications, 3)]
    return out


if __name__ == "__main__":
    asyncio.run(serve(int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]))

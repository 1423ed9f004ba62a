"""Dump one service database to JSON lines and restore it into a database, with PyMongo.

    python -m tools.mongo_backup dump    --url URL --db intake --out backups/intake-20250101
    python -m tools.mongo_backup restore --url URL --db intake --from backups/intake-20250101 [--drop]

Made for the Mongo stand-in (nx-27017) of the local profile, which mongodump/mongorestore do not
serve; on real MongoDB (docker compose, Kubernetes) use mongodump/mongorestore instead
(docs/operations.md). Documents are written as canonical MongoDB Extended JSON, so dates and
64-bit integers survive the round trip; the indexes are kept in manifest.json and recreated.
Not a consistent snapshot of a database under write load: stop the service or accept that
collections are read one after another (each document is written atomically, outbox included).
"""

import argparse
import json
import sys
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from bson import json_util
from pymongo import MongoClient
from pymongo.database import Database

JSON_OPTIONS = json_util.CANONICAL_JSON_OPTIONS.with_options(tz_aware=True, tzinfo=timezone.utc)
INDEX_OPTIONS = ("unique", "expireAfterSeconds", "sparse")
BATCH = 1000


class RestoreError(Exception):
    pass


def _indexes(db: Database, collection: str) -> list[dict[str, Any]]:
    found = []
    for index in db[collection].list_indexes():
        if index["name"] == "_id_":
            continue
        spec = {"name": index["name"], "key": [[field, direction] for field, direction in index["key"].items()]}
        spec.update({option: index[option] for option in INDEX_OPTIONS if option in index})
        found.append(spec)
    return found


def dump(db: Database, out: Path) -> dict[str, Any]:
    out.mkdir(parents=True, exist_ok=False)
    manifest: dict[str, Any] = {"database": db.name, "created_at": datetime.now(timezone.utc).isoformat(),
                                "format": "extended-json-lines/1", "collections": {}}
    for collection in sorted(db.list_collection_names()):
        count = 0
        with open(out / f"{collection}.jsonl", "w", encoding="utf-8") as lines:
            for document in db[collection].find().sort("_id", 1):
                lines.write(json_util.dumps(document, json_options=JSON_OPTIONS) + "\n")
                count += 1
        manifest["collections"][collection] = {"count": count, "indexes": _indexes(db, collection)}
    (out / "manifest.json").write_text(json.dumps(manifest, indent=2, ensure_ascii=False), encoding="utf-8")
    return manifest


def restore(db: Database, source: Path, *, drop: bool = False) -> dict[str, int]:
    manifest = json.loads((source / "manifest.json").read_text(encoding="utf-8"))
    collections: dict[str, Any] = manifest["collections"]
    occupied = [c for c in collections if c in db.list_collection_names() and db[c].estimated_document_count()]
    if occupied and not drop:
        raise RestoreError(f"database {db.name} already holds {', '.join(occupied)}: restore into an empty "
                           f"database or pass --drop")
    restored: dict[str, int] = {}
    for collection, meta in collections.items():
        if drop:
            db.drop_collection(collection)
        documents = _read(source / f"{collection}.jsonl")
        if len(documents) != meta["count"]:
            raise RestoreError(f"{collection}: the dump holds {len(documents)} documents, its manifest says "
                               f"{meta['count']}: the dump is damaged")
        for start in range(0, len(documents), BATCH):
            db[collection].insert_many(documents[start:start + BATCH], ordered=True)
        for index in meta["indexes"]:
            options = {option: index[option] for option in INDEX_OPTIONS if option in index}
            db[collection].create_index([(f, d) for f, d in index["key"]], name=index["name"], **options)
        restored[collection] = db[collection].count_documents({})
        if restored[collection] != meta["count"]:
            raise RestoreError(f"{collection}: {restored[collection]} documents after restore, expected {meta['count']}")
    return restored


def _read(path: Path) -> list[dict[str, Any]]:
    with open(path, encoding="utf-8") as lines:
        return [json_util.loads(line, json_options=JSON_OPTIONS) for line in lines if line.strip()]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.mongo_backup", description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    for name in ("dump", "restore"):
        command = sub.add_parser(name)
        command.add_argument("--url", required=True, help="MongoDB connection string")
        command.add_argument("--db", required=True, help="database to dump, or to restore into")
        if name == "dump":
            command.add_argument("--out", required=True, type=Path, help="new folder for the dump")
        else:
            command.add_argument("--from", dest="source", required=True, type=Path, help="folder of a dump")
            command.add_argument("--drop", action="store_true", help="replace the collections already there")
    args = parser.parse_args(argv)
    client: MongoClient = MongoClient(args.url, tz_aware=True, serverSelectionTimeoutMS=5000)
    try:
        if args.command == "dump":
            manifest = dump(client[args.db], args.out)
            print(json.dumps({c: m["count"] for c, m in manifest["collections"].items()}))
        else:
            print(json.dumps(restore(client[args.db], args.source, drop=args.drop)))
        return 0
    except (RestoreError, FileExistsError, FileNotFoundError) as exc:
        print(f"{args.command} failed: {exc}", file=sys.stderr)
        return 1
    finally:
        client.close()


if __name__ == "__main__":
    sys.exit(main())

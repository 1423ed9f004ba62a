"""Backup and restore of one service database against the Mongo stand-in: tools/mongo_backup.py
dumps it to JSON lines and restores it into a fresh database with the same documents and
indexes (docs/operations.md)."""

import json
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

import pytest
from pymongo import MongoClient
from pymongo.errors import DuplicateKeyError

from tools import mongo_backup

pytestmark = pytest.mark.integration
SUFFIX = uuid.uuid4().hex[:8]
SOURCE, TARGET = f"deploy_backup_src_{SUFFIX}", f"deploy_backup_dst_{SUFFIX}"
REGISTERED = datetime(2025, 3, 4, 9, 15, 30, 123000, tzinfo=timezone.utc)
# Recent, so the TTL index (7 days) keeps these while the test runs.
PROCESSED_AT = datetime.now(timezone.utc).replace(microsecond=0) - timedelta(hours=1)


@dataclass
class Outcome:
    returncode: int
    stdout: str
    stderr: str


@pytest.fixture
def backup(capsys):
    """The command line of tools/mongo_backup.py, run in this process (a new interpreter costs seconds)."""

    def run(*args: str) -> Outcome:
        code = mongo_backup.main(list(args))
        out, err = capsys.readouterr()
        return Outcome(code, out, err)

    return run


def _application(n: int) -> dict:
    tracking_no = f"153-2025-{n:06d}"
    return {
        "_id": tracking_no, "tracking_no": tracking_no, "kind": "complaint", "channel": "phone",
        "text": "Talas'ta İnönü Caddesi'nde su borusu patladı, çok şükür ki ışıklar yanıyor",
        "location": {"district": "Talas", "lat": 38.6912 + n / 1e6, "lon": 35.5541},
        "registered_at": REGISTERED + timedelta(seconds=n), "case_version": n % 4, "open": 1,
        "big": 2**40 + n, "tags": ["su", "acil"],
        "outbox": {"0001": {"message_id": str(uuid.UUID(int=n)), "sent": n % 2, "routing_key": "request.registered"}},
        "outbox_seq": 1,
    }


@pytest.fixture(scope="module")
def client(mongo_url):
    client = MongoClient(mongo_url, tz_aware=True)
    source = client[SOURCE]
    source.applications.insert_many([_application(n) for n in range(1, 301)])
    source.applications.create_index([("channel", 1), ("registered_at", -1)], name="channel_time")
    source.processed.insert_many([{"_id": f"routing:{n}", "consumer": "routing", "message_id": str(n),
                                   "at": PROCESSED_AT} for n in range(50)])
    source.processed.create_index([("consumer", 1), ("message_id", 1)], unique=True, name="consumer_message")
    source.processed.create_index([("at", 1)], expireAfterSeconds=86400 * 7, name="ttl")
    yield client
    for name in (SOURCE, TARGET):
        client.drop_database(name)
    client.close()


def _index_shapes(db, collection: str) -> set:
    return {(tuple(i["key"].items()), bool(i.get("unique")), i.get("expireAfterSeconds"))
            for i in db[collection].list_indexes() if i["name"] != "_id_"}


def test_a_database_restores_into_a_fresh_one_with_its_documents_and_indexes(client, mongo_url, tmp_path, backup):
    dump = backup("dump", "--url", mongo_url, "--db", SOURCE, "--out", str(tmp_path / "dump"))
    assert dump.returncode == 0, dump.stderr
    assert json.loads(dump.stdout) == {"applications": 300, "processed": 50}
    restored = backup("restore", "--url", mongo_url, "--db", TARGET, "--from", str(tmp_path / "dump"))
    assert restored.returncode == 0, restored.stderr
    source, target = client[SOURCE], client[TARGET]
    for collection in ("applications", "processed"):
        assert list(target[collection].find().sort("_id", 1)) == list(source[collection].find().sort("_id", 1))
        assert _index_shapes(target, collection) == _index_shapes(source, collection)
    sample = target.applications.find_one({"_id": "153-2025-000007"})
    assert sample["registered_at"] == REGISTERED + timedelta(seconds=7) and sample["big"] == 2**40 + 7
    assert "İnönü" in sample["text"]
    with pytest.raises(DuplicateKeyError):  # the unique index is really there again
        target.processed.insert_one({"_id": "again", "consumer": "routing", "message_id": "3", "at": PROCESSED_AT})


def test_restore_refuses_a_database_that_holds_data_unless_told_to_drop(client, mongo_url, tmp_path, backup):
    assert backup("dump", "--url", mongo_url, "--db", SOURCE, "--out", str(tmp_path / "dump")).returncode == 0
    occupied = f"deploy_backup_busy_{SUFFIX}"
    client[occupied].applications.insert_one({"_id": "153-2025-999999", "kind": "thanks"})
    try:
        refused = backup("restore", "--url", mongo_url, "--db", occupied, "--from", str(tmp_path / "dump"))
        assert refused.returncode == 1 and "already holds applications" in refused.stderr
        assert client[occupied].applications.count_documents({}) == 1
        replaced = backup("restore", "--url", mongo_url, "--db", occupied, "--from", str(tmp_path / "dump"), "--drop")
        assert replaced.returncode == 0, replaced.stderr
        assert client[occupied].applications.count_documents({}) == 300
        assert client[occupied].applications.find_one({"_id": "153-2025-999999"}) is None
    finally:
        client.drop_database(occupied)


def test_a_damaged_dump_is_reported_not_half_trusted(client, mongo_url, tmp_path, backup):
    folder = tmp_path / "dump"
    assert backup("dump", "--url", mongo_url, "--db", SOURCE, "--out", str(folder)).returncode == 0
    lines = (folder / "processed.jsonl").read_text().splitlines()
    (folder / "processed.jsonl").write_text("\n".join(lines[:-3]) + "\n")
    damaged = f"deploy_backup_damaged_{SUFFIX}"
    try:
        failed = backup("restore", "--url", mongo_url, "--db", damaged, "--from", str(folder))
        assert failed.returncode == 1 and "damaged" in failed.stderr
    finally:
        client.drop_database(damaged)


def test_dump_will_not_overwrite_an_earlier_backup(client, mongo_url, tmp_path, backup):
    (tmp_path / "dump").mkdir()
    refused = backup("dump", "--url", mongo_url, "--db", SOURCE, "--out", str(tmp_path / "dump"))
    assert refused.returncode == 1 and "exists" in refused.stderr

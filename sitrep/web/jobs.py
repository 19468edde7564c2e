"""URL ingestions run off the request path: POST /api/ingest starts a job and answers at
once; the page asks GET /api/ingest/{job} until it is done. A few run at a time, so a
slow source (bounded by the Fetcher's deadline) delays neither the other requests nor,
unless every worker waits on one, the other ingestions."""

from __future__ import annotations

import logging
import secrets
import threading
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from sitrep.errors import SitrepError

WORKERS = 4  # ingestions fetching at once; more wait their turn
KEPT = 200  # finished jobs remembered for the page to read; the oldest are dropped

log = logging.getLogger(__name__)


class IngestJobs:
    def __init__(self, workers: int = WORKERS, kept: int = KEPT):
        self.pool = ThreadPoolExecutor(workers, thread_name_prefix="sitrep-ingest")
        self.kept = kept
        self.jobs: OrderedDict[str, dict] = OrderedDict()
        self.lock = threading.Lock()

    def start(self, url: str, work: Callable[[], dict]) -> dict:
        """A new job that runs ``work`` (which answers ``{"documents": [...], "errors":
        [...]}``) in a worker; the job as it stands now."""
        job = {"job": secrets.token_urlsafe(12), "url": url, "status": "running",
               "documents": [], "errors": []}
        with self.lock:
            self.jobs[job["job"]] = job
            while len(self.jobs) > self.kept:
                self.jobs.popitem(last=False)
            shown = dict(job)
        self.pool.submit(self._run, job, work)
        return shown

    def get(self, job_id: str) -> dict | None:
        with self.lock:
            job = self.jobs.get(job_id)
            return dict(job) if job else None

    def _run(self, job: dict, work: Callable[[], dict]) -> None:
        try:
            result = work()
            documents, errors = result["documents"], result["errors"]
        except SitrepError as error:  # the case or a knowledge pack unreadable: named
            documents, errors = [], [str(error)]
        except Exception:  # a bug: logged in full, the page told without internals
            log.exception("ingesting %s failed", job["url"])
            documents, errors = [], [f"{job['url']}: ingestion failed; see the server's log"]
        with self.lock:
            job.update(documents=documents, errors=errors,
                       status="done" if documents else "failed")

    def close(self) -> None:
        self.pool.shutdown(wait=False, cancel_futures=True)

"""Benchmark: how soon `journeyspec lsp` publishes diagnostics after a change to a 5,000-step map,
and whether its memory grows with edits.

Run with `make bench-lsp` (or `.venv/bin/python benchmarks/lsp/bench.py`). The real server runs as a
subprocess, driven over stdio by pygls's own client as an editor drives it: open the map
(`large_map(5000)` from benchmarks/language), then edit it one change at a time with incremental
changes, waiting each time for the diagnostics of that version. Each edit alternates between
misspelling a step id (its diagnostics appear) and correcting it (they go), so every publication
is checked to be the right one: the same codes, lines and columns as `compile_text` (what `validate`
runs) gives for that text in this process. Latency is from sending the change to receiving the
diagnostics; it includes the server's pause for typing (`DEBOUNCE_SECONDS`). Memory is the server's
resident set (`/proc/PID/status`) after the 10th and the last edit of each place.

`--where` picks the places edited, one series each: `flows` (the first `flow` line, after every
stage: the editor reparses that line only), `middle` (a step id in stage 250: stages before it are
reused) and `first` (a step id in the first stage: every later statement moved, so nothing is reused;
the worst case of the incremental re-parse).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import time
from pathlib import Path

from lsprotocol import types
from pygls.lsp.client import LanguageClient

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "language"))

from generate_map import large_map

from journeyspec.lang.frontend import compile_text
from journeyspec.lsp.server import DEBOUNCE_SECONDS

# Where each series edits: the line that holds the id, and the id (the edit adds an "x" after it).
PLACES = {"flows": ("  flow s0 -> s1 ", "s1"), "middle": ('    step s2501 "', "s2501"), "first": ('    step s1 "', "s1")}


def cpu_seconds(pid: int) -> float:
    """CPU time the server has used (user + system): what the work costs, whatever else holds the cores."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def expected(text: str) -> list[tuple[str, int, int]]:
    """What `validate` says of ``text``: each diagnostic's code, line and column (0-based, as LSP counts)."""
    return [(d.code, d.span.line - 1, d.span.column - 1) for d in compile_text(text, "/bench/large.journey").diagnostics]


async def run(edits: int, steps: int, where: list[str]) -> None:
    text = large_map(steps)
    client = LanguageClient("journeyspec-bench", "1")
    published: dict[int, asyncio.Future] = {}

    @client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    def _published(params: types.PublishDiagnosticsParams) -> None:
        waiting = published.get(params.version)
        if waiting is not None and not waiting.done():
            waiting.set_result(params.diagnostics)

    await client.start_io(sys.executable, "-m", "journeyspec", "lsp")
    pid = client._server.pid
    await client.initialize_async(types.InitializeParams(capabilities=types.ClientCapabilities()))
    client.initialized(types.InitializedParams())
    uri = "file:///bench/large.journey"
    loop = asyncio.get_running_loop()
    published[1] = loop.create_future()
    started = time.perf_counter()
    client.text_document_did_open(types.DidOpenTextDocumentParams(
        text_document=types.TextDocumentItem(uri=uri, language_id="journey", version=1, text=text)))
    first = await published[1]
    print(f"map: {steps:,} steps, {len(text) / 1e6:.2f} MB; open -> diagnostics {time.perf_counter() - started:.3f} s "
          f"({len(first)} diagnostics)")
    print(f"load average: {os.getloadavg()[0]:.2f}; debounce {DEBOUNCE_SECONDS * 1000:.0f} ms (included below)")
    print("\n| edited | edits | best | median | p90 | worst | server CPU per edit (best / median) |")
    print("|---|---|---|---|---|---|---|")
    version = 1
    rss: list[tuple[str, int, float]] = []
    for place in where:
        marker, name = PLACES[place]
        lines = text.split("\n")
        line_no = next(i for i, ln in enumerate(lines) if ln.startswith(marker))
        name_end = lines[line_no].index(name, len(marker) - len(name) - 2) + len(name)
        broken_text = "\n".join([*lines[:line_no], lines[line_no][:name_end] + "x" + lines[line_no][name_end:],
                                  *lines[line_no + 1:]])
        wanted = {True: expected(broken_text), False: expected(text)}
        assert wanted[True] and not wanted[False], wanted
        latencies, cpus = [], []
        for _ in range(edits):
            version += 1
            broken = version % 2 == 0
            at = types.Range(start=types.Position(line=line_no, character=name_end),
                             end=types.Position(line=line_no, character=name_end + (0 if broken else 1)))
            published[version] = loop.create_future()
            started, started_cpu = time.perf_counter(), cpu_seconds(pid)
            client.text_document_did_change(types.DidChangeTextDocumentParams(
                text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
                content_changes=[types.TextDocumentContentChangePartial(range=at, text="x" if broken else "")]))
            found = await published[version]
            del published[version]
            latencies.append(time.perf_counter() - started)
            cpus.append(cpu_seconds(pid) - started_cpu)
            got = [(d.code, d.range.start.line, d.range.start.character) for d in found]
            assert got == wanted[broken], (place, version, got, wanted[broken])
            if len(latencies) in (10, edits):
                rss.append((place, len(latencies), rss_mb(pid)))
        if version % 2 == 0:  # leave the text as it was for the next place
            version += 1
            published[version] = loop.create_future()
            client.text_document_did_change(types.DidChangeTextDocumentParams(
                text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
                content_changes=[types.TextDocumentContentChangePartial(range=types.Range(
                    start=types.Position(line=line_no, character=name_end),
                    end=types.Position(line=line_no, character=name_end + 1)), text="")]))
            await published.pop(version)
        ordered, cpu = sorted(latencies), sorted(cpus)
        print(f"| {place} | {edits} | {ordered[0] * 1000:.0f} ms | {statistics.median(ordered) * 1000:.0f} ms "
              f"| {ordered[int(len(ordered) * 0.9)] * 1000:.0f} ms | {ordered[-1] * 1000:.0f} ms "
              f"| {cpu[0] * 1000:.0f} ms / {statistics.median(cpu) * 1000:.0f} ms |")
    print(f"\nload average after: {os.getloadavg()[0]:.2f}")
    print("server memory (resident): " + ", ".join(f"{mb:.0f} MB after {n} edits of {p}" for p, n, mb in rss)
          + f" ({version - 1} edits in all)")
    await client.shutdown_async(None)
    client.exit(None)
    await client.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--edits", type=int, default=200)
    parser.add_argument("--steps", type=int, default=5000)
    parser.add_argument("--where", default="flows,middle,first", help="places edited, comma-separated: "
                        + ", ".join(PLACES))
    arguments = parser.parse_args()
    asyncio.run(run(arguments.edits, arguments.steps, arguments.where.split(",")))


if __name__ == "__main__":
    main()

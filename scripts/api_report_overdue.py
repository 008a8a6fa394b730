#!/usr/bin/env python3
"""An institution's system, as a client of the Acuerdos API, knowing ONLY the OpenAPI document
and a token: list the institution's overdue acuerdos and report progress on one of them.

    python scripts/api_report_overdue.py --base http://127.0.0.1:8000 --token KEY --institution FGR

Everything else — paths, parameters, allowed statuses — is read from /api/schema/ by operationId.
Standard library only. (Reports with evidence arrive with the follow-up endpoints; until then the
part is moved to `in_progress` with the responsibility PATCH.)"""

import argparse
import json
import sys
import urllib.error
import urllib.parse
import urllib.request

SCHEMA_PATH = "/api/schema/"


class Client:
    def __init__(self, base: str, token: str):
        self.base = base.rstrip("/")
        self.token = token
        self.schema = self._request("GET", self.base + SCHEMA_PATH + "?format=json", auth=False)[0]
        self.operations = {
            op["operationId"]: (method.upper(), path, op)
            for path, item in self.schema["paths"].items()
            for method, op in item.items()
        }

    def _request(self, method, url, body=None, headers=None, auth=True):
        headers = {"Accept": "application/json", **(headers or {})}
        if auth:
            headers["Authorization"] = f"Token {self.token}"
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        request = urllib.request.Request(url, data=data, headers=headers, method=method)
        with urllib.request.urlopen(request, timeout=30) as response:
            return json.loads(response.read() or b"null"), response.headers

    def call(self, operation_id, *, path=None, query=None, body=None, headers=None):
        method, template, op = self.operations[operation_id]
        declared = {p["name"] for p in op.get("parameters", []) if p["in"] == "query"}
        unknown = set(query or {}) - declared
        if unknown:
            raise ValueError(f"{operation_id} has no parameters {sorted(unknown)}")
        url = self.base + template.format(**(path or {}))
        if query:
            url += "?" + urllib.parse.urlencode(query)
        return self._request(method, url, body=body, headers=headers)

    def each(self, operation_id, **query):
        """Every row of a paginated list, following `next`."""
        page, _ = self.call(operation_id, query=query)
        while True:
            yield from page["results"]
            if not page.get("next"):
                return
            page, _ = self._request("GET", page["next"])

    def enum(self, component, field):
        return self.schema["components"]["schemas"][component]["properties"][field]


def overdue_acuerdos(client: Client, acronym: str) -> tuple[dict, list[dict]]:
    institution = next(i for i in client.each("institutions_list", acronym=acronym))
    rows = list(client.each("acuerdos_list", institution=institution["id"], overdue="true"))
    return institution, rows


def report_progress(client: Client, institution: dict, acuerdos: list[dict], status: str) -> dict:
    for acuerdo in acuerdos:
        for part in acuerdo["responsibilities"]:
            if part["institution"]["id"] == institution["id"] and part["status"] == "pending":
                current, headers = client.call("responsibilities_retrieve", path={"id": part["id"]})
                updated, _ = client.call(
                    "responsibilities_partial_update", path={"id": part["id"]},
                    body={"status": status, "note": "Reported through the API"},
                    headers={"If-Match": headers["ETag"]},
                )
                return {**updated, "number": acuerdo["number"], "before": current["status"]}
    raise LookupError("no pending part to report on")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", default="http://127.0.0.1:8000")
    parser.add_argument("--token", required=True)
    parser.add_argument("--institution", default="FGR")
    parser.add_argument("--status", default="in_progress")
    args = parser.parse_args(argv)
    client = Client(args.base, args.token)
    institution, rows = overdue_acuerdos(client, args.institution)
    for row in rows:
        print(f"{row['number']:<10} {row['group']['acronym']:<14} {row['due_date']}  {row['text'][:70]}")
    try:
        updated = report_progress(client, institution, rows, args.status)
    except (LookupError, urllib.error.HTTPError) as exc:
        print(f"not updated: {exc}", file=sys.stderr)
        return 1
    print(f"{updated['number']}: {updated['before']} → {updated['status']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

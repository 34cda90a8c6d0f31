"""Evaluate spreadsheet functions in LibreOffice Calc through UNO and print the raw results.

Usage: /usr/bin/python3 lo-eval.py REQUEST.json RESULT.json

REQUEST.json: {"profile": "file:///tmp/...", "cases": [{"fn": "PMT", "args": [0.01, 12, 1000]}]}
  args are positional: a number, a boolean, a list of numbers (becomes a cell range) or null
  (an empty argument, as in =FV(r;n;p;;1)).
RESULT.json: {"version": "7.4.7.2", "results": [{"value": -88.8} | {"error": 502}]}

Every number travels as an IEEE double from end to end: JSON -> Python float -> XCell.setValue
for the arguments, XCell.getValue -> Python float -> JSON (repr, shortest round-trip) for the
result. Nothing is formatted as text, so there is no display rounding and no decimal parsing
inside LibreOffice. Errors are LibreOffice's own codes (XCell.getError); generate.ts maps them.
"""

import json
import os
import subprocess
import sys
import time

import uno  # noqa: F401  (registers the com.sun.star import hook)
from com.sun.star.beans import PropertyValue
from com.sun.star.connection import NoConnectException


def column_letters(col):
    letters = ""
    col += 1
    while col:
        col, rem = divmod(col - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def ref(col, row):
    return "$%s$%d" % (column_letters(col), row + 1)


def start_office(profile, pipe):
    return subprocess.Popen(
        [
            "soffice",
            "-env:UserInstallation=" + profile,
            "--headless",
            "--invisible",
            "--norestore",
            "--nologo",
            "--nodefault",
            "--accept=pipe,name=%s;urp;StarOffice.ComponentContext" % pipe,
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def connect(pipe):
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext(
        "com.sun.star.bridge.UnoUrlResolver", local
    )
    url = "uno:pipe,name=%s;urp;StarOffice.ComponentContext" % pipe
    for _ in range(300):
        try:
            return resolver.resolve(url)
        except NoConnectException:
            time.sleep(0.2)
    raise RuntimeError("LibreOffice did not accept a connection on pipe " + pipe)


def product_version(ctx):
    provider = ctx.ServiceManager.createInstanceWithContext(
        "com.sun.star.configuration.ConfigurationProvider", ctx
    )
    arg = PropertyValue()
    arg.Name = "nodepath"
    arg.Value = "/org.openoffice.Setup/Product"
    access = provider.createInstanceWithArguments(
        "com.sun.star.configuration.ConfigurationAccess", (arg,)
    )
    return access.getByName("ooSetupVersionAboutBox")


def lay_out(sheet, row, case):
    """Put the case's arguments in row `row` from column B on; return the formula for A."""
    values = []
    parts = []
    for arg in case["args"]:
        if arg is None:
            parts.append("")
        elif isinstance(arg, bool):
            parts.append("TRUE()" if arg else "FALSE()")
        elif isinstance(arg, list):
            first = 1 + len(values)
            values.extend(float(v) for v in arg)
            parts.append("%s:%s" % (ref(first, row), ref(len(values), row)))
        else:
            values.append(float(arg))
            parts.append(ref(len(values), row))
    if values:
        cells = sheet.getCellRangeByPosition(1, row, len(values), row)
        cells.setDataArray((tuple(values),))
    return "=%s(%s)" % (case["fn"], ";".join(parts))


def evaluate(doc, cases):
    sheet = doc.Sheets.getByIndex(0)
    doc.enableAutomaticCalculation(False)
    for row, case in enumerate(cases):
        sheet.getCellByPosition(0, row).setFormula(lay_out(sheet, row, case))
    doc.calculateAll()
    results = []
    for row in range(len(cases)):
        cell = sheet.getCellByPosition(0, row)
        code = cell.getError()
        results.append({"error": code} if code else {"value": cell.getValue()})
    return results


def main():
    request_path, result_path = sys.argv[1], sys.argv[2]
    with open(request_path) as handle:
        request = json.load(handle)
    pipe = "fincorpus%d" % os.getpid()
    office = start_office(request["profile"], pipe)
    try:
        ctx = connect(pipe)
        desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
        hidden = PropertyValue()
        hidden.Name = "Hidden"
        hidden.Value = True
        doc = desktop.loadComponentFromURL("private:factory/scalc", "_blank", 0, (hidden,))
        output = {"version": product_version(ctx), "results": evaluate(doc, request["cases"])}
        doc.close(True)
        try:
            desktop.terminate()
        except Exception:  # the bridge goes away while terminate() returns
            pass
    finally:
        try:
            office.wait(timeout=60)
        except subprocess.TimeoutExpired:
            office.kill()
    with open(result_path, "w") as handle:
        json.dump(output, handle)


if __name__ == "__main__":
    main()

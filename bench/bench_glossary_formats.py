"""Open the glossary files in the tools they are for, where this machine has them (never part of the tests).

Reads the output of ``parallel-corpus glossary INPUT -o OUTDIR --tbx both`` and checks, against
NAME.glossary.tsv, that each reader finds every entry with its text unchanged:

* Translate Toolkit's TBX reader on NAME.glossary.tbx (the 2008 form);
* OmegaT's own glossary readers (``apt-get install omegat``; Debian ships 3.6): its TBX reader
  on both TBX forms and its tab-separated reader on NAME.glossary.omegat.txt, through a small
  Java class compiled here against OmegaT.jar; and the 2008 file against the XSD of the
  ISO 30042:2008 core structure that OmegaT.jar carries;
* LibreOffice Calc (``apt-get install libreoffice-calc-nogui``) converting NAME.glossary.xlsx to CSV.

    python bench/bench_glossary_formats.py OUTDIR [--name NAME]
"""

from __future__ import annotations

import argparse
import csv
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from lxml import etree

from parallel_corpus.formats.glossary_tables import cat_tool_rows, parse_glossary_tsv

OMEGAT_JAR = Path("/usr/share/omegat/OmegaT.jar")

# Calls OmegaT's GlossaryReaderTBX / GlossaryReaderTSV as OmegaT does for a zh-CN -> en-US project
# and prints one "source TAB target" line per glossary entry it makes.
READER_JAVA = """
import org.omegat.core.Core;
import org.omegat.core.data.IProject;
import org.omegat.core.data.ProjectProperties;
import org.omegat.gui.glossary.GlossaryEntry;
import org.omegat.gui.glossary.GlossaryReaderTBX;
import org.omegat.gui.glossary.GlossaryReaderTSV;
import java.io.File;
import java.lang.reflect.Proxy;
import java.util.List;

public class ReadGlossary {
    public static void main(String[] args) throws Exception {
        ProjectProperties props = new ProjectProperties(new File(args[2]));
        props.setSourceLanguage("zh-CN");
        props.setTargetLanguage("en-US");
        Core.setProject((IProject) Proxy.newProxyInstance(IProject.class.getClassLoader(),
            new Class<?>[] {IProject.class}, (self, method, margs) ->
                method.getName().equals("getProjectProperties") ? props
                : method.getReturnType() == boolean.class ? (Object) false : null));
        File file = new File(args[1]);
        List<GlossaryEntry> entries = args[0].equals("tbx")
            ? GlossaryReaderTBX.read(file, false) : GlossaryReaderTSV.read(file, false);
        for (GlossaryEntry e : entries) {
            System.out.println(e.getSrcText() + "\\t" + e.getLocText());
        }
    }
}
"""


def translate_toolkit(tbx: Path, expected: list[tuple[str, str]]) -> str:
    from translate.storage.tbx import tbxfile

    store = tbxfile.parsestring(tbx.read_bytes(), sourcelanguage="zh-CN", targetlanguage="en-US")
    found = [(u.source, t.text) for u in store.units for t in u.get_target_terms()]
    return f"{len(store.units)} entries, {len(found)} term pairs, equal: {found == expected}"


def omegat(out: Path, name: str, terms) -> list[str]:
    if not OMEGAT_JAR.exists() or not shutil.which("javac"):
        return ["OmegaT: not installed here (apt-get install omegat), not checked"]
    every_rendering = [(t.zh, en) for t in terms for en in (t.en, *t.en_variants)]
    preferred = [(t.zh, t.en) for t in terms]  # the .omegat.txt names variants in its comment
    lines = []
    with tempfile.TemporaryDirectory() as work:
        source = Path(work) / "ReadGlossary.java"
        source.write_text(READER_JAVA, encoding="utf-8")
        subprocess.run(["javac", "-cp", str(OMEGAT_JAR), str(source)], check=True)
        classpath = f"{OMEGAT_JAR}:{work}"
        for kind, suffix, want in (("tbx", "tbx", every_rendering), ("tbx", "2019.tbx", every_rendering),
                                   ("tsv", "omegat.txt", preferred)):
            path = out / f"{name}.glossary.{suffix}"
            if not path.exists():
                continue
            run = subprocess.run(["java", "-cp", classpath, "ReadGlossary", kind, str(path), work],
                                 capture_output=True, text=True, encoding="utf-8")
            if run.returncode:
                lines.append(f"OmegaT {kind} reader, {path.name}: fails: "
                             f"{run.stderr.strip().splitlines()[0][:160]}")
                continue
            found = [tuple(line.split("\t", 1)) for line in run.stdout.splitlines()]
            lines.append(f"OmegaT {kind} reader, {path.name}: {len(found)} entries, equal: {found == want}")
        parser = etree.XMLParser(no_network=True)
        with zipfile.ZipFile(OMEGAT_JAR) as jar:
            for member in ("schemas/tbx.xsd", "schemas/xml.xsd"):
                (Path(work) / Path(member).name).write_bytes(jar.read(member))
        schema = etree.XMLSchema(etree.parse(str(Path(work) / "tbx.xsd"), parser))
        document = etree.parse(str(out / f"{name}.glossary.tbx"), parser)
        valid = schema.validate(document)
        lines.append(f"2008 core structure (OmegaT.jar schemas/tbx.xsd), {name}.glossary.tbx: "
                     f"{'valid' if valid else schema.error_log.last_error} ({len(terms)} entries)")
    return lines


def libreoffice(xlsx: Path, expected_rows: list[list[str]]) -> str:
    soffice = shutil.which("soffice")
    if not soffice:
        return "LibreOffice: not installed here, not checked"
    with tempfile.TemporaryDirectory() as work:
        copy = Path(work) / xlsx.name
        shutil.copy(xlsx, copy)
        run = subprocess.run([soffice, "--headless", "--convert-to",
                              "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1",
                              str(copy), "--outdir", work], capture_output=True, text=True, timeout=300)
        converted = sorted(Path(work).glob("*.csv"))
        if not converted:
            return f"LibreOffice: could not open {xlsx.name}: {run.stderr.strip()[:160]}"
        with open(converted[0], encoding="utf-8", newline="") as fh:
            rows = list(csv.reader(fh))
    return f"LibreOffice Calc, {xlsx.name}: {len(rows) - 1} rows, equal: {rows == expected_rows}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("outdir", type=Path)
    parser.add_argument("--name", default="guangdong-ipr-2021")
    args = parser.parse_args()
    terms = parse_glossary_tsv((args.outdir / f"{args.name}.glossary.tsv").read_text(encoding="utf-8"))
    expected = [(t.zh, en) for t in terms for en in (t.en, *t.en_variants)]
    print(f"{args.name}: {len(terms)} entries, {len(expected)} zh-en term pairs in the TSV")
    print("Translate Toolkit, 2008 form:", translate_toolkit(args.outdir / f"{args.name}.glossary.tbx", expected))
    for line in omegat(args.outdir, args.name, terms):
        print(line)
    print(libreoffice(args.outdir / f"{args.name}.glossary.xlsx", cat_tool_rows(terms)))
    return 0


if __name__ == "__main__":
    sys.exit(main())

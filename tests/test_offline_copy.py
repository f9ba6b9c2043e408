"""`make zip`: the zipped book works unpacked from a folder (file://), with no server and no network."""

import zipfile

import pytest

from ropbook import browser as rb
from ropbook import offline_copy


@pytest.fixture(scope="module")
def unpacked(tmp_path_factory):
    rb.require()
    out = tmp_path_factory.mktemp("zip")
    path = offline_copy.build(target=out / "rop-laerebok.zip")
    with zipfile.ZipFile(path) as z:
        names = z.namelist()
        z.extractall(out / "unpacked")
    return out / "unpacked" / offline_copy.FOLDER, names


def test_zip_holds_the_site_and_a_norwegian_readme(unpacked):
    folder, names = unpacked
    assert all(n.startswith(offline_copy.FOLDER + "/") for n in names), "alt skal ligge i én mappe"
    readme = (folder / "LES-MEG.txt").read_text(encoding="utf-8")
    assert "index.html" in readme and "uten nett" in readme
    site_files = {p.relative_to(rb.SITE).as_posix() for p in rb.SITE.rglob("*") if p.is_file() and p.name != ".buildinfo"}
    zipped = {n.split("/", 1)[1] for n in names if not n.endswith("LES-MEG.txt")}
    assert site_files == zipped, f"mangler i zip: {sorted(site_files - zipped)[:5]}"


def test_unpacked_book_works_from_the_folder(unpacked):
    folder, _ = unpacked
    with rb.browser() as b:
        page = b.new_page(viewport=rb.DESKTOP)
        errors, foreign = rb.watch(page, hosts=())  # a file:// copy: nothing is fetched from any host
        page.goto((folder / "index.html").as_uri())
        page.wait_for_load_state("load")
        assert page.url.startswith("file:"), page.url
        # Follow the book's own navigation to a chapter with charts, as a reader would.
        chart_page = "chapters/statlig-styring.html"
        page.goto((folder / chart_page).as_uri())
        page.wait_for_function(rb.WAIT_FOR_CHARTS, arg=rb.chart_count(chart_page), timeout=30000)
        assert not foreign, foreign
        assert not errors, errors

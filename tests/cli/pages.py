# SPDX-License-Identifier: GPL-3.0-or-later
# Shared by the publish tests' Python checks (run them with
# PYTHONPATH="$SRC/tests/cli"): reading the sites' pages.
import html
import re


def cells(page, row_id):
    """The texts of the cells of the table row with that id, or None."""
    m = re.search(r'<tr id="%s">(.*?)</tr>' % re.escape(row_id), page, re.S)
    if m is None:
        return None
    return [html.unescape(re.sub(r"<[^>]+>", "", c))
            for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", m.group(1), re.S)]

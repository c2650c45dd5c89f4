#!/usr/bin/env python3
"""Checks that conformance/src keeps its layers (src/layers.txt): no file
includes a header of a higher layer or calls a function such a header
declares, every header's functions are defined in its own layer, and every
file is listed. Exit 0 clean, 1 violations (printed), 2 cannot check.

  layers.py SRC_DIR          check a tree
  layers.py --self-test SRC_DIR
                             prove the check fails: copies SRC_DIR, plants an
                             upward include and an upward call, expects both
                             to be reported and the unchanged copy to pass
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile

FUNC = re.compile(r'\b(mqc_[A-Za-z0-9_]+)\s*\(')
INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)


def strip(text):
    """Source without comments and string/char literals (calls in comments do not count)."""
    text = re.sub(r'/\*.*?\*/', ' ', text, flags=re.S)
    text = re.sub(r'//[^\n]*', ' ', text)
    text = re.sub(r'"(\\.|[^"\\\n])*"', '""', text)
    return re.sub(r"'(\\.|[^'\\\n])*'", "''", text)


def load_layers(src):
    rank, names = {}, []
    path = os.path.join(src, 'layers.txt')
    try:
        lines = open(path).read().splitlines()
    except OSError as e:
        print(f'layers.py: cannot read {path}: {e}')
        sys.exit(2)
    for line in lines:
        line = line.split('#', 1)[0].split()
        if not line:
            continue
        names.append(line[0])
        for f in line[1:]:
            rank[f] = len(names) - 1
    return rank, names


def check(src):
    rank, names = load_layers(src)
    bad = []
    files = sorted(f for f in os.listdir(src) if f.endswith(('.c', '.h')))
    for f in files:
        if f not in rank:
            bad.append(f'{f}: not listed in layers.txt')
    text = {f: open(os.path.join(src, f)).read() for f in files}
    # functions each header declares (prototypes: a name followed by '(' outside a body)
    declared = {}
    for f in files:
        if f.endswith('.h') and f in rank:
            for name in FUNC.findall(strip(text[f])):
                declared.setdefault(name, f)
    defined = {}
    for f in files:
        if f.endswith('.c'):
            for m in re.finditer(r'^[A-Za-z_][^;{}()]*?\b(mqc_[A-Za-z0-9_]+)\s*\([^;]*?\)\s*\{',
                                 strip(text[f]), re.M | re.S):
                defined.setdefault(m.group(1), f)
    for f in files:
        if f not in rank:
            continue
        body = text[f]
        for h in INCLUDE.findall(body):
            if h in rank and rank[h] > rank[f]:
                bad.append(f'{f} ({names[rank[f]]}) includes {h} ({names[rank[h]]}), a higher layer')
        if f.endswith('.c'):
            seen = set()
            for name in FUNC.findall(strip(body)):
                h = declared.get(name)
                if h and rank[h] > rank[f] and name not in seen:
                    seen.add(name)
                    bad.append(f'{f} ({names[rank[f]]}) calls {name} of {h} ({names[rank[h]]}), '
                               'a higher layer')
    for name, h in sorted(declared.items()):
        d = defined.get(name)
        if d and d in rank and rank[d] != rank[h]:
            bad.append(f'{name} is declared in {h} ({names[rank[h]]}) but defined in {d} '
                       f'({names[rank[d]]})')
    # no call cycle between files, inside a layer either
    edges = {}
    for f in files:
        if f.endswith('.c'):
            for name in set(FUNC.findall(strip(text[f]))):
                d = defined.get(name)
                if d and d != f:
                    edges.setdefault(f, set()).add(d)
    state = {}

    def visit(f, path):
        state[f] = 1
        for g in sorted(edges.get(f, ())):
            if state.get(g) == 1:
                bad.append('call cycle: ' + ' -> '.join(path[path.index(g):] + [g]))
            elif not state.get(g):
                visit(g, path + [g])
        state[f] = 2

    for f in sorted(edges):
        if not state.get(f):
            visit(f, [f])
    for b in bad:
        print(b)
    return 1 if bad else 0


def self_test(src):
    rank, names = load_layers(src)
    low = min((f for f in rank if f.endswith('.c')), key=lambda f: rank[f])
    top_h = max((f for f in rank if f.endswith('.h')), key=lambda f: rank[f])
    top_fn = FUNC.findall(strip(open(os.path.join(src, top_h)).read()))
    if not top_fn:
        print(f'self-test: {top_h} declares no function')
        return 2
    plants = [('an upward include', f'\n#include "{top_h}"\n'),
              ('an upward call', f'\nvoid layers_probe(void);\nvoid layers_probe(void) {{ (void){top_fn[0]}(0); }}\n')]
    me = os.path.abspath(__file__)
    ok = True
    with tempfile.TemporaryDirectory() as tmp:
        copy = os.path.join(tmp, 'src')
        shutil.copytree(src, copy)
        r = subprocess.run([sys.executable, me, copy], capture_output=True, text=True)
        if r.returncode != 0:
            print('self-test: the unchanged tree does not pass:\n' + r.stdout)
            ok = False
        for what, code in plants:
            shutil.rmtree(copy)
            shutil.copytree(src, copy)
            with open(os.path.join(copy, low), 'a') as fh:
                fh.write(code)
            r = subprocess.run([sys.executable, me, copy], capture_output=True, text=True)
            if r.returncode != 1 or low not in r.stdout:
                print(f'self-test: {what} in {low} was not reported (exit {r.returncode}):\n{r.stdout}')
                ok = False
            else:
                print(f'self-test: {what} in {low} reported: {r.stdout.strip()}')
    return 0 if ok else 1


if __name__ == '__main__':
    args = sys.argv[1:]
    if len(args) == 2 and args[0] == '--self-test':
        sys.exit(self_test(args[1]))
    if len(args) != 1:
        print(__doc__)
        sys.exit(2)
    sys.exit(check(args[0]))

#!/usr/bin/env bash
# Makes throw-away TLS material for tests in DIR (never committed, never reused):
#   ca.pem/ca.key          the test CA
#   server.pem/server.key  signed by it, for localhost and 127.0.0.1
#   client.pem/client.key  a client certificate signed by it
#   other-ca.pem           a second CA that signed nothing the broker uses ("unknown CA")
#   other-client.pem/.key  a client certificate from the other CA
#   expired.pem/.key       signed by the test CA for localhost and 127.0.0.1, already expired
# usage: ci/mkcerts.sh DIR
set -euo pipefail
dir=${1:?usage: $0 DIR}
mkdir -p "$dir"
cd "$dir"
command -v openssl >/dev/null || { echo "mkcerts: openssl is not installed" >&2; exit 2; }
q() { "$@" >/dev/null 2>&1 || { echo "mkcerts: failed: $*" >&2; exit 1; }; }
ca() { # NAME SUBJECT
  q openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=$2" \
    -keyout "$1.key" -out "$1.pem" -addext basicConstraints=critical,CA:TRUE \
    -addext keyUsage=critical,keyCertSign,cRLSign
}
leaf() { # NAME CA SUBJECT EXTFILE-LINES [DAYS]
  q openssl req -newkey rsa:2048 -nodes -subj "/CN=$3" -keyout "$1.key" -out "$1.csr"
  printf '%s\n' "$4" >"$1.ext"
  q openssl x509 -req -in "$1.csr" -CA "$2.pem" -CAkey "$2.key" -CAcreateserial -days "${5:-2}" \
    -extfile "$1.ext" -out "$1.pem"
  rm -f "$1.csr" "$1.ext"
}
ca ca "mqttcheck test CA"
ca other-ca "mqttcheck other CA"
leaf server ca localhost "subjectAltName=DNS:localhost,IP:127.0.0.1
extendedKeyUsage=serverAuth"
# -days -1: notAfter one day before notBefore, i.e. expired from the start
leaf expired ca localhost "subjectAltName=DNS:localhost,IP:127.0.0.1
extendedKeyUsage=serverAuth" -1
leaf client ca mqttcheck-client "extendedKeyUsage=clientAuth"
leaf other-client other-ca mqttcheck-client "extendedKeyUsage=clientAuth"
chmod 600 ./*.key

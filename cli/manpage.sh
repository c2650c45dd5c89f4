#!/bin/sh
# manpage.sh MQTTCHECK OUTDIR VERSION: one man page per subcommand (and mqttcheck(1)),
# made from the --help text the binary prints, so the pages never drift from the flags.
set -eu
bin=$1 out=$2 ver=$3
mkdir -p "$out"
esc() { sed -e 's/\\/\\e/g' -e 's/^\([.'"'"']\)/\\\&\1/'; }
page() { # name section-title help-command...
    name=$1; shift
    {
        printf '.TH %s 1 "" "mqttcheck %s" "mqttcheck manual"\n' "$(echo "$name" | tr a-z A-Z)" "$ver"
        printf '.SH NAME\n%s \\- %s\n' "$name" "$1"; shift
        printf '.SH DESCRIPTION\n.nf\n'
        "$@" 2>&1 | esc
        printf '.fi\n.SH SEE ALSO\nmqttcheck(1); /usr/share/doc/mqttcheck/README.md\n'
    } >"$out/$name.1"
}
page mqttcheck "MQTT protocol conformance and fuzz testing" "$bin" --help
"$bin" --help | awk '/^commands:/{on=1; next} on && NF==0{exit} on{print}' |
while read -r cmd rest; do
    page "mqttcheck-$cmd" "$rest" "$bin" "$cmd" --help
done

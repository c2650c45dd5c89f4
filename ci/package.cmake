# The Debian package: cpack -G DEB in a build tree gives mqttcheck_<version>_<arch>.deb.
# Depends comes from dpkg-shlibdeps (the shared libraries the binaries really link:
# Lua 5.4, jansson, libpcap, paho, libmosquitto), so it cannot drift from the build;
# the broker mqttcheck --spawn starts is only recommended.
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME mqttcheck)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_CONTACT "mqttcheck maintainers <mqttcheck@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "MQTT protocol conformance and fuzz testing for brokers and client libraries")
set(CPACK_PACKAGE_DESCRIPTION "Runs Lua conformance scenarios over raw TCP against an MQTT broker (3.1, 3.1.1, 5.0), tests client libraries through drivers, replays captures, and writes HTML, JUnit and Markdown reports.")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION net)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "mosquitto")
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "python3-paho-mqtt, tshark")
set(CPACK_STRIP_FILES ON)
include(CPack)

# SPDX-License-Identifier: GPL-2.0-or-later
# The baseline: iproute2's `ip xfrm` sets up transport-mode SAs and policies
# between alice and bob (ESP cbc(aes)+hmac(sha1), AH hmac(sha1), ESP
# rfc4106(gcm(aes))), and the traffic is shown to go through them
# (tests/lib/ipsec-checks.sh).
# shellcheck shell=bash
XFRM_TOOL=ip
source "$TESTS_DIR/lib/ipsec-checks.sh"
run_variant "esp cbc(aes)+hmac(sha1)" esp \
    "enc cbc(aes) $KEY_ENC_AB auth hmac(sha1) $KEY_AUTH_AB" \
    "enc cbc(aes) $KEY_ENC_BA auth hmac(sha1) $KEY_AUTH_BA"
run_variant "ah hmac(sha1)" ah \
    "auth hmac(sha1) $KEY_AUTH_AB" \
    "auth hmac(sha1) $KEY_AUTH_BA"
run_variant "esp rfc4106(gcm(aes)) icv 128" esp \
    "aead rfc4106(gcm(aes)) $KEY_GCM_AB 128" \
    "aead rfc4106(gcm(aes)) $KEY_GCM_BA 128"

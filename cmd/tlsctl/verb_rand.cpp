// SPDX-License-Identifier: GPL-2.0-or-later
// tlsctl rand [-hex|-base64] [-out FILE] NUM
#include "verb_support.hpp"

#include <botan/base64.h>
#include <botan/hex.h>
#include <botan/system_rng.h>

namespace tlsctl {
namespace {

constexpr FlagSpec kFlags[] = {
    {"hex", false, "print hex"},
    {"base64", false, "print base64"},
    {"out", true, "write to FILE"},
};

} // namespace

int verb_rand(const Args& args) {
    int rc = 0;
    auto flags = parse_verb_flags("rand", kFlags, args, rc);
    if (!flags)
        return rc;
    if (flags->positional().size() != 1)
        return report_error("rand", ipsec::Error::plain("give the number of bytes, as in "
                                                        "'tlsctl rand -hex 16'"));
    const std::string& text = flags->positional()[0];
    size_t count = 0;
    try {
        size_t used = 0;
        count = std::stoul(text, &used);
        if (used != text.size() || count > (1u << 30))
            throw std::invalid_argument("size");
    } catch (const std::exception&) {
        return report_error("rand",
                            ipsec::Error::plain("'" + text + "' is not a byte count (0..2^30)"));
    }
    std::vector<uint8_t> bytes(count);
    Botan::system_rng().randomize(bytes.data(), bytes.size());
    std::string out;
    if (flags->has("hex"))
        out = Botan::hex_encode(bytes, false) + "\n";
    else if (flags->has("base64"))
        out = Botan::base64_encode(bytes) + "\n";
    else
        out.assign(bytes.begin(), bytes.end());
    auto written = write_output(flags->get("out"), out);
    if (!written)
        return report_error("rand", written.error());
    return 0;
}

} // namespace tlsctl

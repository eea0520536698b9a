// SPDX-License-Identifier: GPL-2.0-or-later
#include "cert_signing.hpp"

#include "key_io.hpp"

#include <botan/data_src.h>
#include <botan/hex.h>
#include <botan/system_rng.h>
#include <botan/x509_ca.h>

namespace tlsctl {

ipsec::Result<Botan::X509_Certificate>
sign_request(const Botan::X509_Certificate& ca_cert, const Botan::Private_Key& ca_key,
             const Botan::PKCS10_Request& request, const Botan::BigInt& serial,
             const Botan::X509_Time& not_before, const Botan::X509_Time& not_after) {
    try {
        if (!request.check_signature(request.subject_public_key()))
            return ipsec::Error::plain("the request's self-signature does not verify");
        if (ca_cert.subject_public_key_bitstring() != ca_key.public_key_bits())
            return ipsec::Error::plain("the CA key does not belong to the CA certificate");
        Botan::X509_CA ca(ca_cert, ca_key, "SHA-256", Botan::system_rng());
        return ca.sign_request(request, Botan::system_rng(), serial, not_before, not_after);
    } catch (const std::exception& e) {
        return ipsec::Error::plain("cannot sign the request", e.what());
    }
}

ipsec::Result<Botan::PKCS10_Request> load_request(const std::string& path) {
    auto data = read_file(path);
    if (!data)
        return data.error();
    try {
        Botan::DataSource_Memory src(*data);
        return Botan::PKCS10_Request(src);
    } catch (const std::exception& e) {
        return ipsec::Error::plain("'" + path + "' is not a certificate request", e.what());
    }
}

Botan::BigInt random_serial() {
    uint8_t bytes[16];
    Botan::system_rng().randomize(bytes, sizeof bytes);
    bytes[0] &= 0x7f;
    bytes[0] |= 0x10;
    return Botan::BigInt(bytes, sizeof bytes);
}

ipsec::Result<Botan::BigInt> read_serial_file(const std::string& path) {
    auto data = read_file(path);
    if (!data)
        return data.error();
    std::string hex;
    for (char c : *data) {
        if (c == '\n' || c == '\r')
            break;
        hex += c;
    }
    try {
        if (hex.empty())
            throw std::invalid_argument("empty");
        const auto bytes = Botan::hex_decode(hex);
        return Botan::BigInt(bytes.data(), bytes.size());
    } catch (const std::exception&) {
        return ipsec::Error::plain("serial file '" + path + "' does not hold a hex serial");
    }
}

std::string serial_to_hex(const Botan::BigInt& serial) {
    std::vector<uint8_t> bytes = Botan::BigInt::encode(serial);
    if (bytes.empty())
        bytes.push_back(0);
    return Botan::hex_encode(bytes);
}

ipsec::Result<void> write_serial_file(const std::string& path, const Botan::BigInt& serial) {
    return write_file(path, serial_to_hex(serial) + "\n");
}

} // namespace tlsctl

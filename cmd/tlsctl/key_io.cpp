// SPDX-License-Identifier: GPL-2.0-or-later
#include "key_io.hpp"

#include <botan/auto_rng.h>
#include <botan/ber_dec.h>
#include <botan/data_src.h>
#include <botan/der_enc.h>
#include <botan/ecdsa.h>
#include <botan/ed25519.h>
#include <botan/pem.h>
#include <botan/pkcs8.h>
#include <botan/rsa.h>
#include <botan/system_rng.h>
#include <cerrno>
#include <cstdlib>
#include <fcntl.h>
#include <fstream>
#include <iostream>
#include <sstream>
#include <unistd.h>

namespace tlsctl {
namespace {

bool looks_like_pem(const std::string& data) {
    return data.find("-----BEGIN ") != std::string::npos;
}

// RFC 5915 ECPrivateKey: the curve is in the [0] parameters.
std::unique_ptr<Botan::Private_Key>
decode_ec_private_key(const Botan::secure_vector<uint8_t>& der) {
    size_t version = 0;
    Botan::secure_vector<uint8_t> private_bits;
    Botan::OID curve;
    Botan::BER_Decoder(der)
        .start_cons(Botan::SEQUENCE)
        .decode(version)
        .decode(private_bits, Botan::OCTET_STRING)
        .decode_optional(curve, Botan::ASN1_Tag(0),
                         Botan::ASN1_Tag(Botan::CONSTRUCTED | Botan::CONTEXT_SPECIFIC),
                         Botan::OID())
        .discard_remaining();
    if (curve.empty())
        throw Botan::Decoding_Error("EC PRIVATE KEY without the curve parameters");
    std::vector<uint8_t> params;
    Botan::DER_Encoder(params).encode(curve);
    Botan::AlgorithmIdentifier alg(Botan::OID::from_string("ECDSA"), params);
    return std::make_unique<Botan::ECDSA_PrivateKey>(alg, der);
}

std::unique_ptr<Botan::Private_Key>
decode_rsa_private_key(const Botan::secure_vector<uint8_t>& der) {
    Botan::AlgorithmIdentifier alg(Botan::OID::from_string("RSA"),
                                   Botan::AlgorithmIdentifier::USE_NULL_PARAM);
    return std::make_unique<Botan::RSA_PrivateKey>(alg, der);
}

} // namespace

ipsec::Result<std::string> read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in)
        return ipsec::Error::os(errno, "cannot open '" + path + "'");
    std::ostringstream buf;
    buf << in.rdbuf();
    return buf.str();
}

ipsec::Result<void> write_file(const std::string& path, const std::string& data, unsigned mode) {
    int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
    if (fd < 0)
        return ipsec::Error::os(errno, "cannot write '" + path + "'");
    size_t done = 0;
    while (done < data.size()) {
        ssize_t n = ::write(fd, data.data() + done, data.size() - done);
        if (n < 0) {
            int err = errno;
            ::close(fd);
            return ipsec::Error::os(err, "cannot write '" + path + "'");
        }
        done += static_cast<size_t>(n);
    }
    if (::close(fd) != 0)
        return ipsec::Error::os(errno, "cannot write '" + path + "'");
    return ipsec::success();
}

ipsec::Result<std::string> read_password(const std::string& source) {
    if (source.empty())
        return std::string();
    if (source.rfind("pass:", 0) == 0)
        return source.substr(5);
    if (source.rfind("env:", 0) == 0) {
        const char* value = std::getenv(source.substr(4).c_str());
        if (!value)
            return ipsec::Error::plain("password source '" + source +
                                       "': the environment variable is not set");
        return std::string(value);
    }
    std::string text;
    if (source.rfind("file:", 0) == 0) {
        auto data = read_file(source.substr(5));
        if (!data)
            return data.error().with_context("password source '" + source + "'");
        text = *data;
    } else if (source == "stdin") {
        std::getline(std::cin, text);
    } else {
        return ipsec::Error::plain("password source '" + source + "' is not understood",
                                   "use pass:TEXT, file:PATH, env:VAR or stdin");
    }
    const auto nl = text.find_first_of("\r\n");
    if (nl != std::string::npos)
        text.resize(nl);
    return text;
}

ipsec::Result<std::unique_ptr<Botan::Private_Key>>
decode_private_key(const std::string& data, const std::string& password, const std::string& where) {
    try {
        if (looks_like_pem(data)) {
            std::string label;
            Botan::DataSource_Memory src(data);
            auto der = Botan::PEM_Code::decode(src, label);
            if (data.find("Proc-Type: 4,ENCRYPTED") != std::string::npos)
                return ipsec::Error::plain(
                    where + ": traditional encrypted PEM keys are not supported",
                    "convert it: openssl pkcs8 -topk8 -in KEY -out KEY8 (PKCS#8 is read)");
            if (label == "RSA PRIVATE KEY")
                return decode_rsa_private_key(der);
            if (label == "EC PRIVATE KEY")
                return decode_ec_private_key(der);
            if (label != "PRIVATE KEY" && label != "ENCRYPTED PRIVATE KEY")
                return ipsec::Error::plain(where + ": PEM block '" + label +
                                           "' is not a private key");
            Botan::DataSource_Memory key_src(data);
            if (label == "ENCRYPTED PRIVATE KEY" && password.empty())
                return ipsec::Error::plain(where + ": the key is encrypted",
                                           "give its password with -pass/-passin pass:TEXT");
            return Botan::PKCS8::load_key(key_src, [&]() { return password; });
        }
        Botan::secure_vector<uint8_t> der(data.begin(), data.end());
        try {
            Botan::DataSource_Memory key_src(der);
            return Botan::PKCS8::load_key(key_src, [&]() { return password; });
        } catch (const std::exception&) {
        }
        try {
            return decode_rsa_private_key(der);
        } catch (const std::exception&) {
        }
        return decode_ec_private_key(der);
    } catch (const std::exception& e) {
        const std::string what = e.what();
        if (what.find("1.3.101.113") != std::string::npos)
            return ipsec::Error::plain(where + ": an Ed448 key, which Botan 2.19 does not support",
                                       "use an Ed25519, ECDSA or RSA key");
        return ipsec::Error::plain(where + ": cannot read the private key", what);
    }
}

ipsec::Result<std::unique_ptr<Botan::Private_Key>> load_private_key(const std::string& path,
                                                                    const std::string& password) {
    auto data = read_file(path);
    if (!data)
        return data.error();
    return decode_private_key(*data, password, "'" + path + "'");
}

ipsec::Result<std::vector<Botan::X509_Certificate>> load_certificates(const std::string& path) {
    auto data = read_file(path);
    if (!data)
        return data.error();
    std::vector<Botan::X509_Certificate> certs;
    try {
        if (looks_like_pem(*data)) {
            Botan::DataSource_Memory src(*data);
            while (!src.end_of_data()) {
                std::string label;
                Botan::secure_vector<uint8_t> der;
                try {
                    der = Botan::PEM_Code::decode(src, label);
                } catch (const Botan::Decoding_Error&) {
                    break; // trailing text after the last block
                }
                if (label == "CERTIFICATE" || label == "X509 CERTIFICATE" ||
                    label == "TRUSTED CERTIFICATE")
                    certs.emplace_back(der.data(), der.size());
            }
        } else {
            certs.emplace_back(reinterpret_cast<const uint8_t*>(data->data()), data->size());
        }
    } catch (const std::exception& e) {
        return ipsec::Error::plain("'" + path + "': cannot read the certificate", e.what());
    }
    if (certs.empty())
        return ipsec::Error::plain("'" + path + "': no certificate in it",
                                   "expected PEM '-----BEGIN CERTIFICATE-----' or DER");
    return certs;
}

std::string encode_private_key(const Botan::Private_Key& key, const std::string& password) {
    if (password.empty())
        return Botan::PKCS8::PEM_encode(key);
    return Botan::PKCS8::PEM_encode_encrypted_pbkdf_iter(key, Botan::system_rng(), password, 2048,
                                                         "AES-256/CBC", "SHA-256");
}

std::string botan_curve_name(const std::string& name) {
    if (name == "P-256" || name == "prime256v1" || name == "secp256r1")
        return "secp256r1";
    if (name == "P-384" || name == "secp384r1")
        return "secp384r1";
    if (name == "P-521" || name == "secp521r1")
        return "secp521r1";
    return "";
}

ipsec::Result<std::unique_ptr<Botan::Private_Key>> generate_key(const std::string& algorithm,
                                                                const std::string& curve) {
    auto& rng = Botan::system_rng();
    std::string algo = algorithm;
    for (auto& c : algo)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (algo == "rsa" || algo.rfind("rsa:", 0) == 0) {
        size_t bits = 2048;
        if (algo.size() > 4) {
            try {
                bits = std::stoul(algo.substr(4));
            } catch (const std::exception&) {
                return ipsec::Error::plain("key '" + algorithm + "': bad RSA size");
            }
        }
        if (bits < 1024 || bits > 16384)
            return ipsec::Error::plain("key '" + algorithm + "': RSA size must be 1024..16384");
        return std::unique_ptr<Botan::Private_Key>(new Botan::RSA_PrivateKey(rng, bits));
    }
    if (algo == "ec" || algo.rfind("ec:", 0) == 0) {
        std::string wanted = curve.empty() ? "P-256" : curve;
        const std::string botan_name = botan_curve_name(wanted);
        if (botan_name.empty())
            return ipsec::Error::plain("curve '" + wanted + "' is not supported",
                                       "use P-256, P-384 or P-521");
        return std::unique_ptr<Botan::Private_Key>(
            new Botan::ECDSA_PrivateKey(rng, Botan::EC_Group(botan_name)));
    }
    if (algo == "ed25519")
        return std::unique_ptr<Botan::Private_Key>(new Botan::Ed25519_PrivateKey(rng));
    if (algo == "ed448" || algo == "x448")
        return ipsec::Error::plain("key algorithm '" + algorithm +
                                       "': Ed448/X448 are not supported (Botan 2.19 has neither)",
                                   "use ED25519, ec or rsa:BITS");
    return ipsec::Error::plain(
        "key algorithm '" + algorithm + "' is not supported",
        "use rsa:BITS, ec (with -pkeyopt ec_paramgen_curve:P-256) or ED25519");
}

} // namespace tlsctl

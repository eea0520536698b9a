// SPDX-License-Identifier: GPL-2.0-or-later
// libFuzzer target for the ipsec.conf and ipsec.secrets parsers (lib/conf). The input
// is up to four parts separated by 0 bytes:
//
//   CONF \0 SECRETS \0 INCLUDED \0 OPTIONS
//
// CONF is /etc/ipsec.conf, SECRETS /etc/ipsec.secrets and INCLUDED
// /etc/ipsec.d/include, the second in-memory file either may include (relative or
// absolute, globs too; each may also include the others or itself). A missing part is
// an empty file. OPTIONS: byte 0 bit 0 makes parse_ipsec_conf strict, bit 1
// parse_ipsec_secrets, bit 2 gives the conf a %defaultroute resolver; byte 1 sets
// max_include_depth to its value % 12 (the default, 10, when absent); byte 2 is the
// last chain generation (below; when absent there is no last one).
//
// Include depth: every "%next" in a file's text stands for the absolute path of a
// chain file holding INCLUDED again, one generation deeper than the file it is
// written in (the three files above are generation 0). Chain file names hold a 0 byte,
// so no input can name one other than through %next: reading generation N needs N
// nested includes, and the target aborts when a generation beyond max_include_depth
// is read. %next in the last generation names a path that matches nothing (a warning),
// so a chain that ends within the depth limit parses. A read budget (kMaxReads) turns
// the include bombs that many include lines per file make possible (k lines nest to
// k^depth reads) into an error instead of a hang.
//
// For any input neither parser crashes, hangs or reads out of bounds (run under
// ASan/UBSan, see meson.build); what parses is looked up (find_conn, find_ca,
// find_psk, find_shared) with the names and identities it holds, and the results
// must point into the parsed lists. With FUZZ_CONF_TRACE set in the environment it
// prints what each parse gave (to replay a crash or check a seed).
#include "conf/file_reader.hpp"
#include "conf/ipsec_conf.hpp"
#include "conf/ipsec_secrets.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fnmatch.h>
#include <map>
#include <string>
#include <string_view>
#include <vector>

using namespace ipsec;
using namespace ipsec::conf;

namespace {

constexpr const char* kConfPath = "/etc/ipsec.conf";
constexpr const char* kSecretsPath = "/etc/ipsec.secrets";
constexpr const char* kIncludePath = "/etc/ipsec.d/include";
constexpr const char* kNoPath = "/etc/ipsec.d/none";
constexpr std::string_view kNext = "%next";
constexpr int kMaxReads = 256;
constexpr std::size_t kMaxIds = 8;

[[noreturn]] void fail(const std::string& what) {
    std::fprintf(stderr, "fuzz_conf: %s\n", what.c_str());
    std::abort();
}

// The path of chain file `generation`: 0 bytes keep it out of the inputs' reach, the
// last one so that text after a %next ("%next5") cannot change the generation.
std::string chain_path(int generation) {
    return std::string(kIncludePath) + '\0' + std::to_string(generation) + '\0';
}

// The three files, the chain files, and a count of what was read.
class FuzzFiles : public FileReader {
public:
    FuzzFiles(std::string_view conf, std::string_view secrets, std::string_view included,
              int last_generation)
        : m_included(included), m_last(last_generation) {
        m_files[kConfPath] = expand(conf, 1);
        m_files[kSecretsPath] = expand(secrets, 1);
        m_files[kIncludePath] = expand(included, 1);
    }

    Result<std::string> read(const std::string& path) override {
        if (++m_reads > kMaxReads)
            return Error::os(EMFILE, "read budget of the fuzz target spent at '" + path + "'");
        if (const auto it = m_files.find(path); it != m_files.end())
            return it->second;
        if (const int generation = chain_generation(path); generation > 0) {
            m_deepest = std::max(m_deepest, generation);
            return expand(m_included, generation + 1);
        }
        return Error::os(ENOENT, "cannot open '" + path + "'");
    }

    Result<std::vector<std::string>> glob(const std::string& pattern) override {
        if (chain_generation(pattern) > 0)
            return std::vector<std::string>{pattern};
        std::vector<std::string> paths;
        for (const auto& [path, content] : m_files)
            if (fnmatch(pattern.c_str(), path.c_str(), FNM_PATHNAME | FNM_PERIOD) == 0)
                paths.push_back(path);
        return paths;
    }

    // The deepest chain generation read since the last reset.
    int deepest() const { return m_deepest; }
    void reset() { m_reads = m_deepest = 0; }

private:
    // `text` with every %next replaced by the path of chain file `generation`.
    std::string expand(std::string_view text, int generation) const {
        const std::string next = generation > m_last ? kNoPath : chain_path(generation);
        std::string out;
        std::size_t at = 0;
        for (;;) {
            const std::size_t hit = text.find(kNext, at);
            out.append(text.substr(at, hit == std::string_view::npos ? hit : hit - at));
            if (hit == std::string_view::npos)
                return out;
            out += next;
            at = hit + kNext.size();
        }
    }

    // N for the path of chain file N, else 0.
    static int chain_generation(const std::string& path) {
        const std::string prefix = std::string(kIncludePath) + '\0';
        if (!path.starts_with(prefix) || path.size() < prefix.size() + 2 ||
            path.size() > prefix.size() + 5 || path.back() != '\0')
            return 0;
        int generation = 0;
        for (std::size_t i = prefix.size(); i + 1 < path.size(); ++i) {
            if (path[i] < '0' || path[i] > '9')
                return 0;
            generation = generation * 10 + (path[i] - '0');
        }
        return generation;
    }

    std::string m_included;
    int m_last;
    std::map<std::string, std::string> m_files;
    int m_reads = 0;
    int m_deepest = 0;
};

const bool trace = std::getenv("FUZZ_CONF_TRACE") != nullptr;

template <typename T>
void report(const char* parser, const Result<T>& result, std::size_t count,
            const FuzzFiles& files) {
    if (!trace)
        return;
    if (result) {
        std::fprintf(stderr, "%s: %zu parsed, deepest include %d\n", parser, count,
                     files.deepest());
        return;
    }
    std::string message;
    for (char c : result.error().to_string())
        message += c == '\0' ? std::string("\\0") : std::string(1, c);
    std::fprintf(stderr, "%s: %s (deepest include %d)\n", parser, message.c_str(), files.deepest());
}

void check_depth(const FuzzFiles& files, int max_depth, const char* parser) {
    if (files.deepest() > max_depth)
        fail(std::string(parser) + " read an include nested " + std::to_string(files.deepest()) +
             " deep, beyond max_include_depth " + std::to_string(max_depth));
}

void add_id(std::vector<std::string>& ids, std::string_view id) {
    if (ids.size() < kMaxIds && std::find(ids.begin(), ids.end(), id) == ids.end())
        ids.emplace_back(id);
}

void add_end_ids(std::vector<std::string>& ids, const ConnEnd& end) {
    if (end.id)
        add_id(ids, *end.id);
    for (const auto& host : end.hosts)
        add_id(ids, host.text);
}

void touch_conf(const IpsecConf& conf, std::vector<std::string>& ids) {
    for (const auto& conn : conf.conns) {
        if (conf.find_conn(conn.name) != &conn)
            fail("find_conn('" + conn.name + "') does not find its conn");
        for (const auto& also : conn.also)
            (void)conf.find_conn(also);
        add_end_ids(ids, conn.left);
        add_end_ids(ids, conn.right);
    }
    for (const auto& ca : conf.cas)
        if (conf.find_ca(ca.name) != &ca)
            fail("find_ca('" + ca.name + "') does not find its ca");
    if (conf.find_conn("%default") != nullptr || conf.find_ca("%default") != nullptr)
        fail("%default found as a section");
    for (const auto& warning : conf.warnings)
        (void)warning.to_string();
}

void touch_secrets(const IpsecSecrets& secrets, std::vector<std::string>& ids) {
    for (const auto& entry : secrets.entries)
        for (const auto& selector : entry.selectors)
            add_id(ids, selector);
    for (const auto& warning : secrets.warnings)
        (void)warning.to_string();
    const auto owned = [&](const SecretEntry* entry, SecretType type) {
        if (entry == nullptr)
            return;
        if (entry < secrets.entries.data() ||
            entry >= secrets.entries.data() + secrets.entries.size())
            fail("find_shared returned an entry outside the list");
        if (entry->type != type)
            fail(std::string("find_shared(") + secret_type_name(type) + ") returned a " +
                 secret_type_name(entry->type) + " entry");
    };
    for (const auto& local : ids) {
        for (const auto& remote : ids) {
            const SecretEntry* psk = secrets.find_psk(local, remote);
            owned(psk, SecretType::psk);
            if (psk != secrets.find_shared(SecretType::psk, local, remote))
                fail("find_psk != find_shared(psk)");
        }
    }
    for (auto type : {SecretType::eap, SecretType::xauth, SecretType::ntlm})
        owned(secrets.find_shared(type, ids.empty() ? "" : ids.front(), "%any"), type);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    std::string_view parts[4];
    std::size_t at = 0;
    for (int i = 0; i < 4 && at <= input.size(); ++i) {
        const std::size_t end =
            i == 3 ? input.size() : std::min(input.find('\0', at), input.size());
        parts[i] = input.substr(at, end - at);
        at = end + 1;
    }
    const std::string_view flags = parts[3];
    const int options_bits = flags.empty() ? 0 : static_cast<unsigned char>(flags[0]);
    const int max_depth = flags.size() < 2 ? 10 : static_cast<unsigned char>(flags[1]) % 12;

    const int last_generation = flags.size() < 3 ? 9999 : static_cast<unsigned char>(flags[2]);
    FuzzFiles files(parts[0], parts[1], parts[2], last_generation);
    std::vector<std::string> ids{"%any", "192.168.27.128", "192.168.27.132"};

    ConfOptions conf_options;
    conf_options.strict = (options_bits & 1) != 0;
    conf_options.max_include_depth = max_depth;
    if ((options_bits & 4) != 0)
        conf_options.default_route = [] {
            return std::optional<std::string>("192.0.2.1");
        };
    auto conf = parse_ipsec_conf(files, kConfPath, conf_options);
    report("parse_ipsec_conf", conf, conf ? conf->conns.size() : 0, files);
    check_depth(files, max_depth, "parse_ipsec_conf");
    if (conf)
        touch_conf(*conf, ids);
    else
        (void)conf.error().to_string();

    files.reset();
    SecretsOptions secrets_options;
    secrets_options.strict = (options_bits & 2) != 0;
    secrets_options.max_include_depth = max_depth;
    auto secrets = parse_ipsec_secrets(files, kSecretsPath, secrets_options);
    report("parse_ipsec_secrets", secrets, secrets ? secrets->entries.size() : 0, files);
    check_depth(files, max_depth, "parse_ipsec_secrets");
    if (secrets)
        touch_secrets(*secrets, ids);
    else
        (void)secrets.error().to_string();
    return 0;
}

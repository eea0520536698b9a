// SPDX-License-Identifier: GPL-2.0-or-later
#include "conf/ipsec_conf.hpp"

#include "conf/ca_keywords.hpp"
#include "conf/conf_document.hpp"
#include "conf/conn_keywords.hpp"
#include "conf/section_resolver.hpp"
#include "conf/setup_keywords.hpp"

#include <algorithm>

namespace ipsec::conf {

const Conn* IpsecConf::find_conn(const std::string& name) const {
    auto it =
        std::find_if(conns.begin(), conns.end(), [&](const Conn& c) { return c.name == name; });
    return it == conns.end() ? nullptr : &*it;
}

const CaSection* IpsecConf::find_ca(const std::string& name) const {
    auto it =
        std::find_if(cas.begin(), cas.end(), [&](const CaSection& c) { return c.name == name; });
    return it == cas.end() ? nullptr : &*it;
}

namespace {

std::optional<KeywordInfo> classify(SectionKind kind, std::string_view key) {
    switch (kind) {
    case SectionKind::config:
        return classify_setup_keyword(key);
    case SectionKind::conn:
        return classify_conn_keyword(key);
    case SectionKind::ca:
        return classify_ca_keyword(key);
    }
    return std::nullopt;
}

std::string section_label(const RawSection& section) {
    return std::string(section_kind_name(section.kind)) + " '" + section.name + "'";
}

// Reports every keyword that is not typed, once, where it is written.
Result<void> check_keywords(const ConfDocument& document, const ConfOptions& options,
                            std::vector<Diagnostic>& warnings) {
    for (const auto& section : document.sections) {
        for (const auto& setting : section.settings) {
            const auto info = classify(section.kind, setting.key);
            std::string message;
            bool fatal = options.strict;
            if (!info) {
                message = "unknown keyword '" + setting.key + "' in " + section_label(section);
                for (auto other : {SectionKind::config, SectionKind::conn, SectionKind::ca}) {
                    if (other != section.kind && classify(other, setting.key))
                        message = "keyword '" + setting.key + "' belongs in a " +
                                  section_kind_name(other) + " section, not in " +
                                  section_label(section);
                }
            } else if (info->support == KeywordSupport::unsupported ||
                       info->support == KeywordSupport::refused) {
                if (section.kind == SectionKind::conn)
                    continue; // refuses the conns it applies to (type_conn)
                message = "'" + setting.key + "' is not supported by iked (" +
                          std::string(info->note) + ")";
            } else if (info->support == KeywordSupport::obsolete) {
                message =
                    "obsolete keyword '" + setting.key + "' (" + std::string(info->note) + ")";
                fatal = false;
            } else {
                continue;
            }
            if (fatal)
                return Error::plain(setting.key_position.to_string() + ": " + message);
            warnings.push_back(Diagnostic{setting.key_position, message + ", ignored"});
        }
    }
    return success();
}

Error value_error(const RawSetting& setting, const ValueError& error) {
    const std::string where = setting.value_position.to_string() + ": ";
    if (error.unsupported)
        return Error::plain(where + setting.key + "=" + setting.value +
                            " is not supported by iked (" + error.text + ")");
    return Error::plain(where + "invalid value '" + setting.value + "' for '" + setting.key +
                        "': " + error.text);
}

bool is_typed(SectionKind kind, const RawSetting& setting) {
    const auto info = classify(kind, setting.key);
    return info &&
           (info->support == KeywordSupport::typed ||
            (kind == SectionKind::conn && info->support == KeywordSupport::refused)) &&
           !setting.value.empty();
}

Result<Conn> type_conn(const ResolvedSection& section, const ConfOptions& options) {
    Conn conn;
    conn.name = section.name;
    conn.position = section.position;
    conn.also = section.also;
    auto refuse = [&](const SourcePosition& where, std::string message) {
        conn.refusals.push_back(Diagnostic{where, std::move(message)});
    };
    auto strict_error = [&]() -> std::optional<Error> {
        if (options.strict && !conn.refusals.empty())
            return Error::plain(conn.refusals.front().to_string());
        return std::nullopt;
    };
    for (const auto& setting : section.settings) {
        if (setting.value.empty())
            continue;
        const auto info = classify(SectionKind::conn, setting.key);
        if (!info || info->support == KeywordSupport::obsolete)
            continue; // reported once by check_keywords
        conn.keywords.push_back(
            KeywordUse{setting.key, setting.value, setting.key_position, setting.value_position});
        if (info->support == KeywordSupport::unsupported) {
            refuse(setting.key_position, "'" + setting.key + "' is not supported by iked (" +
                                             std::string(info->note) + ")");
            continue;
        }
        if (auto rc = apply_conn_keyword(conn, setting.key, setting.value, options)) {
            if (!rc->unsupported)
                return value_error(setting, *rc);
            refuse(setting.value_position, setting.key + "=" + setting.value +
                                               " is not supported by iked (" + rc->text + ")");
            continue;
        }
        if (info->support == KeywordSupport::refused)
            refuse(setting.key_position, "'" + setting.key + "' is not implemented by iked (" +
                                             std::string(info->note) + ")");
    }
    if (auto e = strict_error())
        return *e;
    return conn;
}

Result<CaSection> type_ca(const ResolvedSection& section) {
    CaSection ca;
    ca.name = section.name;
    ca.position = section.position;
    ca.also = section.also;
    for (const auto& setting : section.settings) {
        if (!is_typed(SectionKind::ca, setting))
            continue;
        if (auto rc = apply_ca_keyword(ca, setting.key, setting.value))
            return value_error(setting, *rc);
    }
    return ca;
}

} // namespace

Result<IpsecConf> parse_ipsec_conf(FileReader& reader, const std::string& path,
                                   const ConfOptions& options) {
    auto document = read_conf_document(reader, path, {options.max_include_depth});
    if (!document)
        return document.error();
    IpsecConf conf;
    conf.version = document->version;
    conf.warnings = document->warnings;
    if (auto rc = check_keywords(*document, options, conf.warnings); !rc)
        return rc.error();

    auto setups = resolve_sections(*document, SectionKind::config);
    if (!setups)
        return setups.error();
    for (const auto& section : *setups) {
        for (const auto& setting : section.settings) {
            if (!is_typed(SectionKind::config, setting))
                continue;
            if (auto rc = apply_setup_keyword(conf.setup, setting.key, setting.value))
                return value_error(setting, *rc);
        }
    }

    auto conns = resolve_sections(*document, SectionKind::conn);
    if (!conns)
        return conns.error();
    for (const auto& section : *conns) {
        auto conn = type_conn(section, options);
        if (!conn)
            return conn.error();
        conf.conns.push_back(std::move(*conn));
    }

    auto cas = resolve_sections(*document, SectionKind::ca);
    if (!cas)
        return cas.error();
    for (const auto& section : *cas) {
        auto ca = type_ca(section);
        if (!ca)
            return ca.error();
        conf.cas.push_back(std::move(*ca));
    }
    return conf;
}

} // namespace ipsec::conf

// SPDX-License-Identifier: GPL-2.0-or-later
#include "conf/section_resolver.hpp"

#include <algorithm>
#include <map>

namespace ipsec::conf {

namespace {

constexpr std::string_view default_name = "%default";

struct MergedSection {
    std::string name;
    SourcePosition position;
    std::vector<RawSetting> settings; // as written, also= included
};

void overlay(std::vector<RawSetting>& into, const RawSetting& setting) {
    auto it = std::find_if(into.begin(), into.end(),
                           [&](const RawSetting& s) { return s.key == setting.key; });
    if (it == into.end())
        into.push_back(setting);
    else
        *it = setting;
}

class Resolver {
public:
    Resolver(const ConfDocument& document, SectionKind kind) : m_kind(kind) {
        for (const auto& section : document.sections) {
            if (section.kind != kind)
                continue;
            auto [it, inserted] = m_index.try_emplace(section.name, m_sections.size());
            if (inserted)
                m_sections.push_back(MergedSection{section.name, section.position, {}});
            auto& merged = m_sections[it->second];
            merged.settings.insert(merged.settings.end(), section.settings.begin(),
                                   section.settings.end());
        }
    }

    Result<std::vector<ResolvedSection>> run() {
        std::vector<RawSetting> defaults;
        if (m_index.count(std::string(default_name))) {
            auto rc = resolve(std::string(default_name), defaults);
            if (!rc)
                return rc.error();
        }
        std::vector<ResolvedSection> result;
        for (const auto& section : m_sections) {
            if (section.name == default_name)
                continue;
            ResolvedSection resolved{section.name, section.position, {}, defaults};
            for (const auto& setting : section.settings)
                if (setting.key == "also" && !setting.value.empty())
                    resolved.also.push_back(setting.value);
            auto rc = resolve(section.name, resolved.settings);
            if (!rc)
                return rc.error();
            result.push_back(std::move(resolved));
        }
        return result;
    }

private:
    // Overlays the settings of section `name` (its also= sections first) onto `into`.
    // A section's settings are flattened once (one per key, as overlaying them onto
    // nothing gives) and reused: overlaying those is the same as overlaying them all,
    // and sections reached through many also= paths (a chain of sections each naming
    // the next twice) cost no more than once, instead of 2^depth times.
    Result<void> resolve(const std::string& name, std::vector<RawSetting>& into) {
        auto flat = m_flattened.find(name);
        if (flat == m_flattened.end()) {
            std::vector<RawSetting> settings;
            if (auto rc = flatten(name, settings); !rc)
                return rc;
            flat = m_flattened.emplace(name, std::move(settings)).first;
        }
        for (const auto& setting : flat->second)
            overlay(into, setting);
        return success();
    }

    // The settings of section `name` overlaid onto `into`, its also= sections first.
    Result<void> flatten(const std::string& name, std::vector<RawSetting>& into) {
        m_stack.push_back(name);
        const auto& section = m_sections[m_index.at(name)];
        for (const auto& setting : section.settings) {
            if (setting.key != "also")
                continue;
            // one name per also= line, like strongSwan's starter
            if (setting.value.empty())
                continue;
            const std::string& target = setting.value;
            const std::string where = setting.value_position.to_string() + ": also=" + target +
                                      " in " + section_kind_name(m_kind) + " '" + name + "'";
            if (!m_index.count(target))
                return Error::plain(where + ": there is no " + section_kind_name(m_kind) +
                                    " section named '" + target + "'");
            if (std::find(m_stack.begin(), m_stack.end(), target) != m_stack.end()) {
                std::string chain;
                for (const auto& link : m_stack)
                    chain += link + " -> ";
                return Error::plain(where + ": inheritance loop " + chain + target);
            }
            auto rc = resolve(target, into);
            if (!rc)
                return rc;
        }
        for (const auto& setting : section.settings)
            if (setting.key != "also")
                overlay(into, setting);
        m_stack.pop_back();
        return success();
    }

    SectionKind m_kind;
    std::vector<MergedSection> m_sections;
    std::map<std::string, std::size_t> m_index;
    std::vector<std::string> m_stack;
    std::map<std::string, std::vector<RawSetting>> m_flattened; // resolved without error
};

} // namespace

Result<std::vector<ResolvedSection>> resolve_sections(const ConfDocument& document,
                                                      SectionKind kind) {
    return Resolver(document, kind).run();
}

} // namespace ipsec::conf

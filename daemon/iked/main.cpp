// SPDX-License-Identifier: GPL-2.0-or-later
// iked: the IKEv2 daemon. Reads ipsec.conf and ipsec.secrets (strongSwan's
// dialect), negotiates IKE and CHILD SAs with its peers, installs them in the
// kernel and takes its orders from ikectl over a UNIX socket (iked(8)).
#include "conf/ipsec_conf.hpp"
#include "conf/system_file_reader.hpp"
#include "control_server.hpp"
#include "daemon.hpp"
#include "logger.hpp"
#include "pid_file.hpp"
#include "privileges.hpp"
#include "version.hpp"

#include <boost/program_options.hpp>
#include <cstdio>
#include <grp.h>
#include <iostream>
#include <unistd.h>

namespace po = boost::program_options;

namespace {

// charondebug from `config setup` as a LogLevels string ("ike 2, knl 3").
std::string charondebug_spec(const ipsec::conf::ConfigSetup& setup) {
    std::string spec;
    for (const auto& d : setup.charondebug) {
        if (!spec.empty())
            spec += ", ";
        spec += d.subsystem + " " + std::to_string(d.level);
    }
    return spec;
}

} // namespace

int main(int argc, char** argv) {
    iked::Daemon::Options options;
    std::string debug;
    bool nofork = false;
    po::options_description desc("Usage: iked [OPTIONS]\n\nOptions");
    // clang-format off
    desc.add_options()
        ("help,h", "show this help and exit")
        ("nofork", po::bool_switch(&nofork), "stay in the foreground and log to stderr")
        ("config", po::value(&options.config)->default_value(options.config), "ipsec.conf to read")
        ("secrets", po::value(&options.secrets)->default_value(options.secrets), "ipsec.secrets to read")
        ("socket", po::value(&options.socket)->default_value(options.socket), "control socket path")
        ("pidfile", po::value(&options.pidfile), "write the daemon's pid to this file")
        ("group", po::value<std::string>(), "members of this group may use the control socket (default: root only)")
        ("journal", po::value(&options.journal), "file recording what iked put into the kernel, removed by the next start after a crash (default: iked.kernel next to the socket)")
        ("debug", po::value(&debug), "log levels, charondebug syntax (\"ike 2, knl 3\"); overrides config setup's charondebug")
        ("version", "print the version and exit");
    // clang-format on
    po::variables_map vm;
    try {
        po::store(po::command_line_parser(argc, argv).options(desc).run(), vm);
        po::notify(vm);
    } catch (const po::error& e) {
        std::cerr << "iked: " << e.what() << "\n" << desc;
        return iked::exit_code::usage;
    }
    if (vm.count("help")) {
        std::cout << desc;
        return 0;
    }
    if (vm.count("version")) {
        std::cout << "iked " << VERSION << "\n";
        return 0;
    }

    if (vm.count("group")) {
        const std::string name = vm["group"].as<std::string>();
        const group* g = ::getgrnam(name.c_str());
        if (!g) {
            std::cerr << "iked: --group: no group named '" << name << "'\n";
            return iked::exit_code::usage;
        }
        options.control_group = g->gr_gid;
    }

    // The levels: config setup's charondebug, then --debug over it.
    ipsec::conf::SystemFileReader files;
    auto conf = ipsec::conf::parse_ipsec_conf(files, options.config);
    if (!conf) {
        std::cerr << "iked: " << conf.error().to_string() << "\n";
        return 1;
    }
    iked::LogLevels levels;
    for (const std::string& spec : {charondebug_spec(conf->setup), debug}) {
        if (spec.empty())
            continue;
        auto parsed = iked::LogLevels::parse(spec);
        if (!parsed) {
            std::cerr << "iked: " << parsed.error().to_string() << "\n";
            return iked::exit_code::usage;
        }
        for (int s = 0; s < static_cast<int>(iked::Subsystem::count); ++s) {
            auto sub = static_cast<iked::Subsystem>(s);
            if (parsed->get(sub) != iked::LogLevels::kDefault ||
                spec.find("any") != std::string::npos)
                levels.set(sub, parsed->get(sub));
        }
    }

    iked::Logger logger;
    if (nofork)
        logger.add(std::make_shared<iked::StreamSink>(stderr), levels);
    else
        logger.add(std::make_shared<iked::SyslogSink>(), levels);

    // The pid file is written here, once, by the process that runs the loop
    // (after the fork): create() gets none to write.
    const std::string pidfile = options.pidfile;
    options.pidfile.clear();
    auto daemon = iked::Daemon::create(options, logger);
    if (!daemon) {
        std::cerr << "iked: " << daemon.error().to_string() << "\n";
        return 1;
    }
    if (!nofork && ::daemon(0, 0) != 0) {
        std::perror("iked: daemon");
        return 1;
    }
    if (!pidfile.empty())
        if (auto r = iked::write_pid_file(pidfile, ::getpid()); !r) {
            logger.log(iked::Subsystem::dmn, 0, r.error().to_string());
            return 1;
        }
    // Sockets, netlink and the pid file are open: from here on only what the
    // event loop needs (privileges.hpp).
    std::vector<std::string> notes;
    if (auto r = iked::drop_privileges(iked::kept_capabilities(), notes); !r) {
        logger.log(iked::Subsystem::dmn, 0, "cannot drop privileges: " + r.error().to_string());
        if (!pidfile.empty())
            ::unlink(pidfile.c_str());
        return 1;
    }
    for (const std::string& note : notes)
        logger.log(iked::Subsystem::dmn, 1, note);
    const int rc = (*daemon)->run();
    daemon->reset();
    if (!pidfile.empty())
        ::unlink(pidfile.c_str());
    return rc;
}

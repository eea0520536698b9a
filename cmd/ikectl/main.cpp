// SPDX-License-Identifier: GPL-2.0-or-later
// ikectl: strongSwan's `ipsec` verbs for iked (ikectl(8)). Each verb is one
// request on iked's control socket; `start` runs iked itself.
#include "control/escape.hpp"
#include "control_client.hpp"

#include <boost/program_options.hpp>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <iostream>
#include <string>
#include <sys/stat.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <vector>

namespace po = boost::program_options;
namespace ec = iked::exit_code;

namespace {

struct Context {
    std::string socket;
    std::string iked;
    std::vector<std::string> args; // after the verb
    bool json = false;
};

int talk(const Context& ctx, const std::vector<std::string>& words) {
    // iked escapes what peers sent; escaped again here (a no-op then) so that
    // nothing on the socket can put a control character on the terminal. JSON
    // output is left to its own escaping (\uNNNN; UTF-8 kept, as JSON wants).
    auto r = ikectl::request(ctx.socket, words, [&ctx](const iked::control::Line& line) {
        const bool error = line.kind == iked::control::LineKind::error;
        const std::string text = ctx.json && !error ? line.text : iked::escape_text(line.text);
        if (error)
            std::cerr << text << '\n';
        else
            std::cout << text << '\n' << std::flush;
    });
    if (auto* e = std::get_if<ikectl::ClientError>(&r)) {
        std::cerr << "ikectl: " << e->message << '\n';
        return e->exit_code;
    }
    return std::get<int>(r);
}

bool socket_exists(const std::string& path) {
    struct stat st {};
    return ::stat(path.c_str(), &st) == 0;
}

bool daemon_answers(const Context& ctx) {
    auto r = ikectl::request(ctx.socket, {"version"}, [](const iked::control::Line&) {});
    return std::holds_alternative<int>(r);
}

int cmd_start(const Context& ctx) {
    bool nofork = false;
    std::vector<std::string> extra;
    for (const auto& a : ctx.args) {
        if (a == "--nofork")
            nofork = true;
        else
            extra.push_back(a);
    }
    if (daemon_answers(ctx)) {
        std::cerr << "iked is already running (" << ctx.socket << ")\n";
        return ec::failed;
    }
    std::vector<std::string> argv{ctx.iked, "--socket", ctx.socket};
    if (nofork)
        argv.push_back("--nofork");
    argv.insert(argv.end(), extra.begin(), extra.end());
    std::vector<char*> cargv;
    for (auto& a : argv)
        cargv.push_back(a.data());
    cargv.push_back(nullptr);
    if (nofork) {
        ::execvp(cargv[0], cargv.data());
        std::perror(("ikectl: cannot run " + ctx.iked).c_str());
        return ec::failed;
    }
    std::cout << "Starting iked...\n" << std::flush;
    pid_t pid = ::fork();
    if (pid < 0) {
        std::perror("ikectl: fork");
        return ec::failed;
    }
    if (pid == 0) {
        ::execvp(cargv[0], cargv.data());
        std::perror(("ikectl: cannot run " + ctx.iked).c_str());
        std::_Exit(127);
    }
    int status = 0;
    ::waitpid(pid, &status, 0); // iked forks into the background once it is set up
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        std::cerr << "ikectl: iked did not start\n";
        return ec::failed;
    }
    for (int i = 0; i < 50; ++i) {
        if (daemon_answers(ctx))
            return ec::ok;
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    std::cerr << "ikectl: iked does not answer on " << ctx.socket << '\n';
    return ec::failed;
}

int cmd_stop(const Context& ctx) {
    int rc = talk(ctx, {"stop"});
    if (rc != ec::ok)
        return rc;
    for (int i = 0; i < 100 && socket_exists(ctx.socket); ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    return ec::ok;
}

int with_name(const Context& ctx, const std::string& verb, bool required) {
    if (ctx.args.size() > 1 || (required && ctx.args.empty())) {
        std::cerr << "usage: ikectl " << verb << (required ? " NAME" : " [NAME]") << '\n';
        return ec::usage;
    }
    std::vector<std::string> words{verb};
    words.insert(words.end(), ctx.args.begin(), ctx.args.end());
    if (ctx.json)
        words.push_back("--json");
    return talk(ctx, words);
}

struct Verb {
    const char* name;
    const char* help;
    std::function<int(const Context&)> run;
};

const std::vector<Verb>& verbs() {
    static const std::vector<Verb> table{
        {"start", "[--nofork] [IKED OPTIONS]  start iked", cmd_start},
        {"stop", "                       delete every SA and stop iked", cmd_stop},
        {"restart", "                    stop, then start",
         [](const Context& c) {
             if (daemon_answers(c))
                 if (int rc = cmd_stop(c); rc != ec::ok)
                     return rc;
             return cmd_start(c);
         }},
        {"reload", "                     reread ipsec.conf (conns added, changed, removed)",
         [](const Context& c) {
             return talk(c, {"reload"});
         }},
        {"rereadsecrets", "              reread ipsec.secrets",
         [](const Context& c) {
             return talk(c, {"rereadsecrets"});
         }},
        {"rereadall", "                  reread ipsec.conf and ipsec.secrets",
         [](const Context& c) {
             return talk(c, {"rereadall"});
         }},
        {"up", "NAME                     bring up a connection; 0 only when established",
         [](const Context& c) {
             return with_name(c, "up", true);
         }},
        {"down", "NAME|NAME[n]|NAME{n}   delete IKE_SAs or one CHILD_SA",
         [](const Context& c) {
             return with_name(c, "down", true);
         }},
        {"route", "NAME                  install trap policies; the first packet brings it up",
         [](const Context& c) {
             return with_name(c, "route", true);
         }},
        {"unroute", "NAME                remove the trap policies of a routed connection",
         [](const Context& c) {
             return with_name(c, "unroute", true);
         }},
        {"status", "[NAME] [--json]          SAs in short",
         [](const Context& c) {
             return with_name(c, "status", false);
         }},
        {"statusall", "[NAME] [--json]       daemon, connections and SAs",
         [](const Context& c) {
             return with_name(c, "statusall", false);
         }},
        {"version", "                    iked's version",
         [](const Context& c) {
             return talk(c, {"version"});
         }},
    };
    return table;
}

void usage(std::ostream& out, const po::options_description& desc) {
    out << "Usage: ikectl [--socket PATH] VERB [ARGS]\n\nVerbs:\n";
    for (const auto& v : verbs())
        out << "  " << v.name << " " << v.help << '\n';
    out << '\n' << desc;
}

} // namespace

int main(int argc, char** argv) {
    Context ctx;
    po::options_description desc("Options");
    // clang-format off
    desc.add_options()
        ("help,h", "show this help")
        ("socket", po::value(&ctx.socket)->default_value(iked::control::kDefaultSocket), "iked's control socket")
        ("iked", po::value(&ctx.iked)->default_value("iked"), "the iked program `start` runs")
        ("json", po::bool_switch(&ctx.json), "status/statusall as JSON");
    // clang-format on
    po::options_description hidden;
    std::vector<std::string> words;
    hidden.add_options()("words", po::value(&words));
    po::options_description all;
    all.add(desc).add(hidden);
    po::positional_options_description pos;
    pos.add("words", -1);
    po::variables_map vm;
    try {
        po::store(po::command_line_parser(argc, argv)
                      .options(all)
                      .positional(pos)
                      .allow_unregistered()
                      .run(),
                  vm);
        po::notify(vm);
    } catch (const po::error& e) {
        std::cerr << "ikectl: " << e.what() << '\n';
        usage(std::cerr, desc);
        return ec::usage;
    }
    if (vm.count("help")) {
        usage(std::cout, desc);
        return ec::ok;
    }
    // Options after the verb that are not ikectl's (start --nofork, iked's own)
    // are kept in order with the words.
    std::vector<std::string> rest = po::collect_unrecognized(
        po::command_line_parser(argc, argv).options(all).allow_unregistered().run().options,
        po::include_positional);
    if (rest.empty()) {
        usage(std::cerr, desc);
        return ec::usage;
    }
    const std::string verb = rest.front();
    ctx.args.assign(rest.begin() + 1, rest.end());
    for (const auto& v : verbs())
        if (verb == v.name)
            return v.run(ctx);
    std::cerr << "ikectl: unknown verb '" << verb << "'\n";
    usage(std::cerr, desc);
    return ec::usage;
}

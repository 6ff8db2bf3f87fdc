// tools/wpcap/main.cc - entry point of the `wpcap` tool.
//
// Dispatches `wpcap COMMAND ARGS...` to the subcommand registered under that
// name (see command.h); `wpcap`, `wpcap help` and `wpcap --help` print usage.
// Also `wpcap --version`, which reports pcap_lib_version().
#include <pcap/pcap.h>

#include <cstdio>
#include <cstring>
#include <string_view>

#include "command.h"

namespace wpcap::tool {
namespace {

void print_usage(FILE* out) {
  std::fputs("usage: wpcap COMMAND [ARGS...]\n\ncommands:\n", out);
  for (const Command& c : command_registry()) {
    std::fprintf(out, "  %-10.*s %.*s\n", static_cast<int>(c.name.size()), c.name.data(),
                 static_cast<int>(c.help.size()), c.help.data());
  }
  std::fputs("\nRun `wpcap COMMAND --help` for the arguments of one command.\n", out);
}

int run_main(int argc, char** argv) {
  if (argc < 2) {
    print_usage(stderr);
    return 2;
  }
  std::string_view name = argv[1];
  if (name == "help" || name == "--help" || name == "-h") {
    if (argc >= 3) {
      if (const Command* c = find_command(argv[2])) {
        char help_flag[] = "--help";
        char* sub_argv[] = {argv[2], help_flag, nullptr};
        return c->run(2, sub_argv);
      }
    }
    print_usage(stdout);
    return 0;
  }
  if (name == "--version" || name == "version") {
    std::printf("wpcap tool, %s\n", pcap_lib_version());
    return 0;
  }
  const Command* c = find_command(name);
  if (c == nullptr) {
    std::fprintf(stderr, "wpcap: unknown command '%s'\n\n", argv[1]);
    print_usage(stderr);
    return 2;
  }
  return c->run(argc - 1, argv + 1);
}

}  // namespace
}  // namespace wpcap::tool

int main(int argc, char** argv) { return wpcap::tool::run_main(argc, argv); }

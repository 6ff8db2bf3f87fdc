// tools/wpcap/command.h - the subcommand registry of the `wpcap` tool.
//
// Each subcommand lives in its own file and registers itself with a
// namespace-scope `const CommandRegistrar kX{"name", "help", run_fn};`.
// main.cc looks commands up with find_command() and lists them in usage.
// Commands get argv with argv[0] == their own name and return an exit code.
#ifndef WPCAP_TOOLS_WPCAP_COMMAND_H
#define WPCAP_TOOLS_WPCAP_COMMAND_H

#include <algorithm>
#include <string_view>
#include <vector>

namespace wpcap::tool {

using CommandFn = int (*)(int argc, char** argv);

struct Command {
  std::string_view name;  // as typed after `wpcap`
  std::string_view help;  // one line, shown by `wpcap help`
  CommandFn run;
};

// All registered commands, sorted by name (function-local static: safe to use
// from other translation units' static initialisers).
inline std::vector<Command>& command_registry() {
  static std::vector<Command> commands;
  return commands;
}

inline const Command* find_command(std::string_view name) {
  for (const Command& c : command_registry()) {
    if (c.name == name) return &c;
  }
  return nullptr;
}

// Registers a command at static-initialisation time.
class CommandRegistrar {
 public:
  CommandRegistrar(std::string_view name, std::string_view help, CommandFn run) {
    auto& commands = command_registry();
    Command c{name, help, run};
    auto pos = std::lower_bound(commands.begin(), commands.end(), c,
                                [](const Command& a, const Command& b) { return a.name < b.name; });
    commands.insert(pos, c);
  }
};

}  // namespace wpcap::tool

#endif  // WPCAP_TOOLS_WPCAP_COMMAND_H

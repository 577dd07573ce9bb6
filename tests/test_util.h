// Helpers shared by the tests: rule sets from inline YAML, audit invariants.
#ifndef NORMALIZE_TESTS_TEST_UTIL_H_
#define NORMALIZE_TESTS_TEST_UTIL_H_

#include <gtest/gtest.h>

#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "normalize/decide/scratch.h"
#include "normalize/engine.h"
#include "normalize/rules/rule_loader.h"

namespace normalize::testing {

// The rules a test names, after the default pack's whole-document rules
// (main-content choice, structure pruning), which judge every document.
inline internal::RuleSet rules_from(const std::string& yaml) {
  internal::RuleLoader loader;
  for (const auto& pack : internal::default_packs()) {
    std::string_view layout = pack.layout();
    if (layout != "any/structure.yaml" && layout != "html/structure.yaml") continue;
    Status s = loader.load_text(pack.name, pack.yaml, layout);
    EXPECT_TRUE(s.ok()) << s.message();
  }
  Status s = loader.load_text("test.yaml", yaml);
  EXPECT_TRUE(s.ok()) << s.message();
  return internal::RuleSet(loader.take());
}

inline internal::RuleSet default_rules() {
  internal::RuleLoader loader;
  for (const auto& pack : internal::default_packs()) {
    Status s = loader.load_text(pack.name, pack.yaml, pack.layout());
    EXPECT_TRUE(s.ok()) << s.message();
  }
  return internal::RuleSet(loader.take());
}

inline Result run(const internal::RuleSet& rules, std::string_view input, internal::Tuning tuning = {}) {
  internal::Scratch scratch;
  return internal::clean_document(rules, Options{}, tuning, input, Format::kText, &scratch);
}

// input[start, end) == text, spans in bounds, sorted and disjoint, lines right.
inline void expect_audit_faithful(std::string_view input, const Result& r) {
  std::size_t prev_end = 0;
  for (const Removal& x : r.removals) {
    ASSERT_LE(x.start, x.end);
    ASSERT_LE(x.end, input.size());
    EXPECT_GE(x.start, prev_end) << x.rule << " overlaps the previous removal";
    EXPECT_EQ(input.substr(x.start, x.end - x.start), x.text) << x.rule;
    std::size_t line = 1;
    for (std::size_t i = 0; i < x.start; ++i) line += input[i] == '\n';
    EXPECT_EQ(x.line, line) << x.rule;
    prev_end = x.end;
  }
}

inline std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// A directory of this test process's own, named `name` + its pid, under the
// system's temp directory.
inline std::filesystem::path temp_dir(const std::string& name) {
  std::filesystem::path d = std::filesystem::temp_directory_path() / (name + "_" + std::to_string(::getpid()));
  std::filesystem::create_directories(d);
  return d;
}

struct CmdRun {
  int code;
  std::string out, err;
};

// Runs the normalize binary in `dir` with `input` on stdin; `env` prefixes the
// command (VAR=value).
inline CmdRun run_normalize(const std::filesystem::path& dir, const std::string& args, const std::string& input,
                            const std::string& env = "") {
  std::ofstream(dir / "stdin", std::ios::binary) << input;
  std::string cmd = "cd '" + dir.string() + "' && " + env + " '" + NORMALIZE_BINARY + "' " + args +
                    " < stdin > stdout 2> stderr";
  int status = std::system(cmd.c_str());
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, read_file((dir / "stdout").string()),
          read_file((dir / "stderr").string())};
}

// A rule file for the binary's tests: "Leave a Reply" removes the rest.
inline const std::string kReplyRule =
    "- id: t.cw.reply\n  category: comment-widget\n  lang: en\n  pattern: '^Leave a Reply$'\n"
    "  action: remove-rest\n  examples: {remove: ['Leave a Reply'], keep: ['Reply to all']}\n";

}  // namespace normalize::testing

#endif  // NORMALIZE_TESTS_TEST_UTIL_H_

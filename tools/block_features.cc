// block-features CUES: the block model's feature rows for training
// (scripts/train_model.py drives it). Reads plain-text documents from stdin,
// each framed as "BYTES\n" and then that many bytes; runs the default rule
// packs on each, as normalize does with --no-model; writes a header of feature
// names, then per block the rules kept, in order:
//   DOC <tab> BEGIN <tab> END <tab> F1 F2 ...
// DOC counts documents from 0; [BEGIN, END) is the block's span in the input.
#include <cstdio>
#include <iostream>
#include <iterator>
#include <string>

#include "normalize/decide/block_features.h"
#include "normalize/decide/decide.h"
#include "normalize/decide/scratch.h"
#include "normalize/engine.h"
#include "normalize/read/read.h"
#include "normalize/rules/rule_loader.h"

using namespace normalize;
using namespace normalize::internal;

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: block-features CUES < framed-documents\n");
    return 2;
  }
  std::FILE* f = std::fopen(argv[1], "rb");
  if (f == nullptr) {
    std::fprintf(stderr, "block-features: cannot open %s\n", argv[1]);
    return 1;
  }
  std::string cue_text;
  for (int c; (c = std::fgetc(f)) != EOF;) cue_text.push_back(static_cast<char>(c));
  std::fclose(f);
  StatusOr<CueLexicon> cues = parse_cues(cue_text, argv[1]);
  if (!cues.ok()) {
    std::fprintf(stderr, "%s\n", cues.status().message().c_str());
    return 1;
  }
  RuleLoader loader;
  for (const auto& pack : default_packs()) {
    if (Status s = loader.load_text(pack.name, pack.yaml, pack.layout()); !s.ok()) {
      std::fprintf(stderr, "%s\n", s.message().c_str());
      return 1;
    }
  }
  const RuleSet rules(loader.take(), Compile::kNow);
  std::string out;
  for (const std::string& name : block_feature_names(*cues)) out += (out.empty() ? "" : " ") + name;
  std::printf("%s\n", out.c_str());
  internal::Scratch scratch;
  std::size_t size = 0;
  for (std::size_t doc = 0; std::cin >> size; ++doc) {
    std::cin.get();  // the newline after the size
    std::string input(size, '\0');
    std::cin.read(input.data(), static_cast<std::streamsize>(size));
    CanonStats stats;
    const Document d = read_text(input, false, &stats);
    std::vector<Warning> warnings;
    const Decisions decisions = decide(d, input, rules, nullptr, Tuning{}, false, 16, "auto", &warnings, &scratch);
    if (decisions.kept.empty()) continue;
    const std::vector<float> rows = block_features(decisions.kept, *cues);
    const std::size_t width = rows.size() / decisions.kept.size();
    for (std::size_t i = 0; i < decisions.kept.size(); ++i) {
      const Block& b = *decisions.kept[i];
      out = std::to_string(doc) + "\t" + std::to_string(b.span_begin()) + "\t" + std::to_string(b.span_end()) + "\t";
      for (std::size_t k = 0; k < width; ++k) {
        char num[32];
        std::snprintf(num, sizeof num, k ? " %.9g" : "%.9g", static_cast<double>(rows[i * width + k]));
        out += num;
      }
      std::printf("%s\n", out.c_str());
    }
  }
  return 0;
}

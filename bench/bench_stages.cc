// Micro-benchmarks of the hot stages, in MB/s of article text (bytes of the
// JSON lines for the JSON scan): JSON scan, rule prefilters, regex confirm,
// canonical fold + NFC, render, and the whole Engine::clean. Input: the text
// fields of news.jsonl.gz (NORMALIZE_BENCH_CORPUS, default ../shared/corpora).
//   build-bench/bench/bench_stages --benchmark_min_time=1
#include <benchmark/benchmark.h>
#include <simdjson.h>

#include <cstdlib>
#include <string>
#include <vector>

#include "normalize/dump/compressed_io.h"
#include "normalize/engine.h"
#include "normalize/read/read.h"
#include "normalize/render/render.h"
#include "normalize/rules/rule_loader.h"

namespace {

using namespace normalize;

struct Corpus {
  std::string jsonl;                // the lines, padded for simdjson
  std::vector<std::string> texts;   // decoded text fields
  std::vector<std::size_t> words;   // per text
  std::size_t text_bytes = 0;
};

const Corpus& corpus() {
  static Corpus c = [] {
    Corpus k;
    const char* env = std::getenv("NORMALIZE_BENCH_CORPUS");
    std::string path = env ? env : NORMALIZE_SOURCE_DIR "/../shared/corpora/news/news.jsonl.gz";
    std::string error;
    auto in = io::open_reader(path, &error);
    if (!in) {
      std::fprintf(stderr, "bench_stages: %s: %s\n", path.c_str(), error.c_str());
      std::exit(2);
    }
    char buf[1 << 16];
    long n;
    while ((n = in->read(buf, sizeof buf)) > 0) k.jsonl.append(buf, static_cast<std::size_t>(n));
    simdjson::ondemand::parser parser;
    simdjson::padded_string padded(k.jsonl);
    simdjson::ondemand::document_stream docs;
    if (parser.iterate_many(padded).get(docs)) std::exit(2);
    for (auto doc : docs) {
      std::string_view t;
      if (doc["text"].get_string().get(t)) continue;
      k.texts.emplace_back(t);
      k.words.push_back(internal::count_words(t));
      k.text_bytes += t.size();
    }
    return k;
  }();
  return c;
}

internal::RuleSet& rules() {
  static internal::RuleSet set = [] {
    internal::RuleLoader loader;
    for (const auto& pack : internal::default_packs()) (void)loader.load_text(pack.name, pack.yaml, pack.layout());
    return internal::RuleSet(loader.take(), internal::Compile::kNow);  // as an Engine's, compiled before the timing
  }();
  return set;
}

void BM_JsonScan(benchmark::State& state) {
  const Corpus& c = corpus();
  simdjson::padded_string padded(c.jsonl);
  simdjson::ondemand::parser parser;
  std::size_t found = 0;
  for (auto _ : state) {
    const char* p = padded.data();
    const char* end = p + padded.size();
    while (p < end) {
      const char* nl = static_cast<const char*>(std::memchr(p, '\n', static_cast<std::size_t>(end - p)));
      std::size_t len = nl ? static_cast<std::size_t>(nl - p) : static_cast<std::size_t>(end - p);
      simdjson::ondemand::document doc;
      if (!parser.iterate(p, len, static_cast<std::size_t>(end - p) + simdjson::SIMDJSON_PADDING).get(doc)) {
        std::string_view t;
        if (!doc["text"].get_string().get(t)) found += t.size();
      }
      p += len + 1;
    }
  }
  benchmark::DoNotOptimize(found);
  state.counters["text_MB_per_pass"] = static_cast<double>(found) / 1e6 / static_cast<double>(state.iterations());
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * c.jsonl.size()));
  state.SetLabel(simdjson::builtin_implementation()->name());
}
BENCHMARK(BM_JsonScan)->Unit(benchmark::kMillisecond);

void BM_Prefilter(benchmark::State& state) {
  const Corpus& c = corpus();
  const auto& set = rules();
  internal::RuleHits hits(set.needles().slots());
  internal::ScanScratch scan;
  std::size_t found = 0;
  for (auto _ : state) {
    for (std::size_t i = 0; i < c.texts.size(); ++i) {
      set.needles().scan(c.texts[i], internal::BlockKind::kParagraph, c.words[i], false, &hits, &scan);
      found += hits.list().size();
      hits.clear();
    }
  }
  benchmark::DoNotOptimize(found);
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * c.text_bytes));
}
BENCHMARK(BM_Prefilter)->Unit(benchmark::kMillisecond);

// Every regex the Hyperscan prefilter knows, on every text (the evaluator asks
// only for rules whose needles occur).
void BM_RegexPrefilter(benchmark::State& state) {
  const Corpus& c = corpus();
  const auto& set = rules();
  const auto& regex = set.regex_prefilter();
  internal::ScanScratch scan;
  std::uint32_t sum = 0;
  for (auto _ : state) {
    for (const std::string& t : c.texts) {
      for (std::size_t r = 0; r < set.rules().size(); ++r) {
        if (regex.filters(r)) sum += regex.start(r, t, &scan);
      }
    }
  }
  benchmark::DoNotOptimize(sum);
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * c.text_bytes));
}
BENCHMARK(BM_RegexPrefilter)->Unit(benchmark::kMillisecond);

// Every regex rule that gets past both prefilters, once per text, from where
// the regex prefilter says its match can start (as the evaluator does).
void BM_RegexConfirm(benchmark::State& state) {
  const Corpus& c = corpus();
  const auto& set = rules();
  const auto& regex = set.regex_prefilter();
  internal::RuleHits hits(set.needles().slots());
  internal::ScanScratch scan;
  internal::RegexScratch match;
  std::size_t matches = 0;
  std::string error;
  for (auto _ : state) {
    for (std::size_t k = 0; k < c.texts.size(); ++k) {
      const std::string& t = c.texts[k];
      set.needles().scan(t, internal::BlockKind::kParagraph, c.words[k], false, &hits, &scan);
      for (std::size_t i : hits.list()) {
        const internal::Rule& r = *set.rules()[i];
        if (!r.is_pattern() || !r.regex.valid()) continue;
        std::uint32_t from = regex.filters(i) ? regex.start(i, t, &scan) : 0;
        if (from == internal::RegexPrefilter::kNoMatch) continue;
        std::size_t b, e;
        matches += r.regex.search(t, from, &b, &e, &error, &match) == internal::Regex::Outcome::kMatch;
      }
      hits.clear();
    }
  }
  benchmark::DoNotOptimize(matches);
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * c.text_bytes));
}
BENCHMARK(BM_RegexConfirm)->Unit(benchmark::kMillisecond);

void BM_CanonicalNfc(benchmark::State& state) {
  const Corpus& c = corpus();
  std::size_t n = 0;
  for (auto _ : state) {
    for (const std::string& t : c.texts) n += internal::canonical_text(t, false).size();
  }
  benchmark::DoNotOptimize(n);
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * c.text_bytes));
}
BENCHMARK(BM_CanonicalNfc)->Unit(benchmark::kMillisecond);

void BM_ReadAndRender(benchmark::State& state) {
  const Corpus& c = corpus();
  std::size_t n = 0;
  for (auto _ : state) {
    for (const std::string& t : c.texts) {
      internal::CanonStats stats;
      internal::Document doc = internal::read_text(t, false, &stats);
      n += internal::render_text(internal::Decisions::keep_all(doc)).size();
    }
  }
  benchmark::DoNotOptimize(n);
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * c.text_bytes));
}
BENCHMARK(BM_ReadAndRender)->Unit(benchmark::kMillisecond);

void BM_EngineClean(benchmark::State& state) {
  const Corpus& c = corpus();
  auto engine = Engine::create(Options{});
  if (!engine.ok()) std::exit(2);
  std::size_t n = 0;
  for (auto _ : state) {
    for (const std::string& t : c.texts) n += engine->clean(t).text.size();
  }
  benchmark::DoNotOptimize(n);
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * c.text_bytes));
}
BENCHMARK(BM_EngineClean)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();

// compare.cc -- CLD2 against libexttextcat on labelled and unlabelled short
// texts: accuracy, how often each says "not sure", agreement and speed.
// Not part of the build (bench/lang_detect/compare.sh compiles it by hand).
//
//   compare FILE.tsv...   (lines "LANG<TAB>text"; LANG "?..." = no gold; "\n" escaped)
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <map>
#include <string>
#include <vector>

#include <cld2/public/compact_lang_det.h>
#include <libexttextcat/textcat.h>

namespace {

struct Sample { std::string gold, text; };

std::vector<Sample> read_tsv(const char* path) {
  std::vector<Sample> out;
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    auto tab = line.find('\t');
    if (tab == std::string::npos) continue;
    Sample s{line.substr(0, tab), {}};
    for (size_t i = tab + 1; i < line.size(); ++i) {
      if (line[i] == '\\' && i + 1 < line.size()) {
        ++i;
        s.text += line[i] == 'n' ? '\n' : line[i];
      } else {
        s.text += line[i];
      }
    }
    out.push_back(std::move(s));
  }
  return out;
}

// "" = not sure.
std::string cld2(const std::string& t, bool* reliable_out = nullptr) {
  CLD2::Language l3[3];
  int p3[3];
  int text_bytes = 0;
  bool reliable = false;
  CLD2::Language lang = CLD2::ExtDetectLanguageSummary(t.data(), (int)t.size(), true, l3, p3,
                                                       &text_bytes, &reliable);
  if (reliable_out) *reliable_out = reliable;
  if (!reliable || lang == CLD2::UNKNOWN_LANGUAGE) return "";
  return CLD2::LanguageCode(lang);
}

std::string cld2_raw(const std::string& t) {
  bool reliable;
  CLD2::Language lang = CLD2::DetectLanguage(t.data(), (int)t.size(), true, &reliable);
  return CLD2::LanguageCode(lang);
}

void* g_tc = nullptr;
void* g_tc6 = nullptr;

// "" = not sure (SHORT, UNKNOWN, or several candidates).
std::string textcat(void* h, const std::string& t, std::string* first = nullptr) {
  const char* r = textcat_Classify(h, t.data(), t.size());
  std::string s = r ? r : "";
  if (first) {
    *first = "";
    if (!s.empty() && s[0] == '[') *first = s.substr(1, s.find_first_of("-]") - 1);
  }
  if (s.empty() || s[0] != '[' || std::count(s.begin(), s.end(), '[') != 1) return "";
  return s.substr(1, s.find_first_of("-]") - 1);
}

template <class F>
double usec_per(const std::vector<Sample>& v, F f, int reps) {
  auto t0 = std::chrono::steady_clock::now();
  size_t sink = 0;
  for (int r = 0; r < reps; ++r)
    for (auto& s : v) sink += f(s.text).size();
  auto t1 = std::chrono::steady_clock::now();
  if (sink == 42424242) std::puts("");
  return std::chrono::duration<double, std::micro>(t1 - t0).count() / (reps * (double)v.size());
}

}  // namespace

int main(int argc, char** argv) {
  g_tc = textcat_Init("/usr/share/libexttextcat/fpdb.conf");
  g_tc6 = textcat_Init("/tmp/ld-fpdb6.conf");
  if (!g_tc || !g_tc6) { std::fprintf(stderr, "textcat_Init failed\n"); return 2; }
  for (int a = 1; a < argc; ++a) {
    auto v = read_tsv(argv[a]);
    size_t bytes = 0;
    for (auto& s : v) bytes += s.text.size();
    bool labelled = !v.empty() && v[0].gold[0] != '?';
    std::printf("== %s: %zu texts, %.0f bytes each on average\n", argv[a], v.size(),
                (double)bytes / v.size());
    struct Det { const char* name; std::function<std::string(const std::string&)> f; };
    std::vector<Det> dets = {
        {"cld2 (reliable only)", [](const std::string& t) { return cld2(t); }},
        {"cld2 (top guess)", [](const std::string& t) { return cld2_raw(t); }},
        {"textcat 160 langs (single answer only)", [](const std::string& t) { return textcat(g_tc, t); }},
        {"textcat 160 langs (first guess)", [](const std::string& t) { std::string f; textcat(g_tc, t, &f); return f; }},
        {"textcat en/de/es/fr/pl/pt (single answer)", [](const std::string& t) { return textcat(g_tc6, t); }},
    };
    std::vector<std::vector<std::string>> answers(dets.size());
    for (size_t d = 0; d < dets.size(); ++d) {
      int right = 0, wrong = 0, unsure = 0;
      std::map<std::string, int> dist;
      std::vector<std::string> errs;
      for (auto& s : v) {
        std::string a = dets[d].f(s.text);
        answers[d].push_back(a);
        dist[a.empty() ? "(unsure)" : a]++;
        if (a.empty()) ++unsure;
        else if (labelled && a == s.gold) ++right;
        else if (labelled) { ++wrong; if (errs.size() < 4) errs.push_back(s.gold + "->" + a + ": " + s.text.substr(0, 50)); }
      }
      int reps = bytes > 200000 ? 3 : 20;
      double us = usec_per(v, dets[d].f, reps);
      std::printf("  %-44s", dets[d].name);
      if (labelled)
        std::printf(" right %3d wrong %3d unsure %3d |", right, wrong, unsure);
      else {
        std::printf(" ");
        for (auto& [k, n] : dist) std::printf("%s:%d ", k.c_str(), n);
        std::printf("|");
      }
      std::printf(" %.1f us/text, %.1f MB/s\n", us, (double)bytes / v.size() / us);
      for (auto& e : errs) std::printf("      %s\n", e.c_str());
    }
    // agreement of the sure answers, cld2 vs textcat-160 single
    int both = 0, agree = 0;
    for (size_t i = 0; i < v.size(); ++i)
      if (!answers[0][i].empty() && !answers[2][i].empty()) { ++both; agree += answers[0][i] == answers[2][i]; }
    std::printf("  cld2 and textcat both sure on %d, agree on %d\n", both, agree);
  }
}

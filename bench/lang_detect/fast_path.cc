// fast_path.cc -- checks the English-by-function-words pass against CLD2:
// how many texts it takes, and whether CLD2 says English for each of them.
// Not part of the build:
//   g++ -O2 -std=c++20 -I. bench/lang_detect/fast_path.cc normalize/detect_language.cc -lcld2 -o /tmp/fast_path
//   /tmp/fast_path DIR... | FILE.tsv...   (a directory of .txt documents, or "LANG<TAB>text" lines)
#include <cstdio>
#include <fstream>
#include <sstream>
#include <filesystem>
#include <map>
#include "normalize/decide/detect_language.h"
using namespace normalize::internal;
int main(int argc, char** argv) {
  for (int a = 1; a < argc; ++a) {
    std::map<std::string, int> agree;  // fast-en vs cld2 label
    int n = 0, fast = 0;
    auto one = [&](const std::string& out) {
      ++n;
      if (english_by_function_words(out)) { ++fast; agree[detect_language_cld2(out).lang.empty() ? "und" : detect_language_cld2(out).lang]++;
        if (detect_language_cld2(out).lang != "en" ) std::printf("   fast-en but cld2=%s: %.100s\n", detect_language_cld2(out).lang.c_str(), out.c_str()); }
      else if (detect_language_cld2(out).lang == "en") agree["(cld2 en, fast no)"]++;
    };
    std::string p = argv[a];
    if (std::filesystem::is_directory(p)) {
      for (auto& e : std::filesystem::directory_iterator(p)) {
        std::ifstream in(e.path()); std::stringstream ss; ss << in.rdbuf();
        std::string out, line; std::istringstream ls(ss.str());
        while (std::getline(ls, line)) { int w = 0; bool inw = false; for (char c : line) { bool s = c == ' '; if (!s && !inw) ++w; inw = !s; } if (w >= 4) { if (!out.empty()) out += '\n'; out += line; } if (out.size() > 2048) break; }
        one(out);
      }
    } else {  // tsv lang\ttext
      std::ifstream in(p); std::string line;
      while (std::getline(in, line)) one(line.substr(line.find('\t') + 1));
    }
    std::printf("%s: %d texts, fast-path English on %d; by CLD2:", argv[a], n, fast);
    for (auto& [k, v] : agree) std::printf(" %s=%d", k.c_str(), v);
    std::printf("\n");
  }
}

// Feature rows for the block model: cheap byte-level counts over each kept
// block's text (at most its first kScanBytes), its place among the kept
// blocks, and a few facts of its neighbours.
#include "normalize/decide/block_features.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <string_view>
#include <unordered_map>

namespace normalize::internal {
namespace {

// Longer texts are judged by their start: the model never removes them
// anyway (model_may_judge), their features only inform their neighbours.
constexpr std::size_t kScanBytes = 512;
// Blocks longer than this are never the model's to remove.
constexpr float kMaxJudgedWords = 120;
// The kind of code, tables, thematic breaks and raw HTML: the model judges
// prose only (structure pruning sees to the breaks).
constexpr float kNotProse = 5;

// The block's own features, then its position, then its neighbours'; the cue
// features follow at the end (two per cue class).
enum Own {
  kWords, kBytes, kKind, kEndsSentence, kEndsColon, kEndsEllipsis, kFirstUpper, kFirstDigit, kFirstOther,
  kUpperRatio, kDigitRatio, kPunctRatio, kSentences, kMeanWordLength, kCapitalisedRatio, kStopRatio, kYouRatio,
  kWeRatio, kUrl, kEmail, kHandle, kHashtag, kSeparators, kCopyrightSign, kMonth, kYear, kClock, kQuotes,
  kByStart, kCueTotal,
  kOwnCount
};
constexpr std::array<std::string_view, kOwnCount> kOwnNames = {
    "words", "bytes", "kind", "ends_sentence", "ends_colon", "ends_ellipsis", "first_upper", "first_digit",
    "first_other", "upper_ratio", "digit_ratio", "punct_ratio", "sentences", "mean_word_length",
    "capitalised_ratio", "stop_ratio", "you_ratio", "we_ratio", "url", "email", "handle", "hashtag",
    "separators", "copyright_sign", "month", "year", "clock", "quotes", "by_start", "cue_total"};

// Where the block stands: from either end, among body paragraphs, in a run
// of short blocks (a list of links), and how often its text recurs.
enum Place { kIndex = kOwnCount, kFromEnd, kRelative, kWordsBefore, kWordsAfter, kBlocks, kBodyBefore, kBodyAfter,
             kPrevBody, kNextBody, kRunLength, kRunIndex, kCopies, kTitleLike, kPlaceEnd };
constexpr std::array<std::string_view, static_cast<std::size_t>(kPlaceEnd) - kOwnCount> kPlaceNames = {
    "index",     "from_end",  "relative",   "words_before", "words_after", "blocks",  "body_before",
    "body_after", "prev_body", "next_body", "run_length",   "run_index",   "copies",  "title_like"};

// Of each neighbour, these own features (absent neighbour: -1).
constexpr std::array<Own, 6> kNeighbourFeatures = {kWords, kEndsSentence, kCueTotal, kYouRatio, kCapitalisedRatio,
                                                   kStopRatio};
constexpr std::size_t kPrev = static_cast<std::size_t>(kPlaceEnd), kNext = kPrev + kNeighbourFeatures.size();
constexpr std::size_t kCues = kNext + kNeighbourFeatures.size();

bool is_word_byte(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c >= 0x80;
}

// What a few fixed word lists say of a word, found with one lookup.
enum WordFlag : std::uint8_t { kStopWord = 1, kMonthWord = 2, kYouWord = 4, kWeWord = 8 };

std::uint8_t word_flags(std::string_view w) {
  static const auto* table = [] {
    auto* t = new std::unordered_map<std::string_view, std::uint8_t>;
    for (std::string_view s : {"a", "about", "after", "all", "also", "an", "and", "are", "as", "at", "be", "been",
                               "but", "by", "can", "could", "from", "had", "has", "have", "he", "her", "his",
                               "if", "in", "into", "is", "it", "its", "more", "no", "not", "of", "on", "one",
                               "or", "other", "out", "over", "said", "she", "so", "some", "than", "that", "the",
                               "their", "them", "there", "these", "they", "this", "to", "up", "was", "were",
                               "what", "when", "which", "while", "who", "will", "with", "would"}) {
      (*t)[s] |= kStopWord;
    }
    for (std::string_view s : {"jan", "january", "feb", "february", "mar", "march", "apr", "april", "may", "jun",
                               "june", "jul", "july", "aug", "august", "sep", "september", "oct", "october",
                               "nov", "november", "dec", "december"}) {
      (*t)[s] |= kMonthWord;
    }
    for (std::string_view s : {"you", "your", "you're", "yours"}) (*t)[s] |= kYouWord;
    for (std::string_view s : {"we", "our", "us", "we're"}) (*t)[s] |= kWeWord;
    return t;
  }();
  if (w.size() > 9) return 0;  // longer than "september"
  auto it = table->find(w);
  return it == table->end() ? 0 : it->second;
}

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

// The block's own features into row[0 .. kOwnCount) and its cue counts into
// row[kCues ..).
void own_features(const Block& b, const CueLexicon& cues, float* row) {
  const std::string_view full = b.text;
  const std::string_view t = full.substr(0, kScanBytes);
  const std::size_t classes = cues.names().size();
  row[kWords] = static_cast<float>(b.words);
  row[kBytes] = static_cast<float>(full.size());
  row[kKind] = b.kind == BlockKind::kParagraph ? 0 : b.kind == BlockKind::kHeading ? 1
             : b.kind == BlockKind::kListItem  ? 2 : b.kind == BlockKind::kQuote   ? 3
             : b.kind == BlockKind::kCaption   ? 4 : kNotProse;
  std::string_view end = full.substr(full.size() - std::min<std::size_t>(full.size(), 4));
  while (!end.empty() && (end.back() == '"' || end.back() == '\'' || end.back() == ')')) end.remove_suffix(1);
  if (ends_with(end, "\xE2\x80\x9D")) end.remove_suffix(3);  // ”
  const char last = end.empty() ? ' ' : end.back();
  row[kEndsEllipsis] = ends_with(full, "...") || ends_with(full, "\xE2\x80\xA6");
  row[kEndsSentence] = !row[kEndsEllipsis] && (last == '.' || last == '!' || last == '?');
  row[kEndsColon] = last == ':';
  const unsigned char first = t.empty() ? ' ' : static_cast<unsigned char>(t[0]);
  row[kFirstUpper] = first >= 'A' && first <= 'Z';
  row[kFirstDigit] = first >= '0' && first <= '9';
  row[kFirstOther] = !is_word_byte(first);

  std::size_t letters = 0, upper = 0, digits = 0, punct = 0, sentences = 0, quotes = 0, separators = 0;
  std::size_t words = 0, word_bytes = 0, capitalised = 0, stop = 0, you = 0, we = 0, cue_total = 0;
  bool url = false, email = false, handle = false, hashtag = false, copyright = false, month = false, year = false,
       clock = false, by_start = false;
  std::string word;
  std::size_t i = 0;
  while (i < t.size()) {
    const auto c = static_cast<unsigned char>(t[i]);
    if (!is_word_byte(c)) {
      if (c == '.' || c == '!' || c == '?') {
        if (i + 1 < t.size() && t[i + 1] == ' ') ++sentences;
      }
      if (c == '"') ++quotes;
      if (c == '|' || (c == '/' && i > 0 && t[i - 1] == ' ')) ++separators;
      if (c == '@' && i + 1 < t.size() && is_word_byte(static_cast<unsigned char>(t[i + 1]))) {
        (i > 0 && is_word_byte(static_cast<unsigned char>(t[i - 1])) ? email : handle) = true;
      }
      if (c == '#' && i + 1 < t.size() && is_word_byte(static_cast<unsigned char>(t[i + 1]))) hashtag = true;
      if (c == ':' && i > 0 && i + 2 < t.size() && t[i - 1] >= '0' && t[i - 1] <= '9' && t[i + 1] >= '0' &&
          t[i + 1] <= '9') {
        clock = true;
      }
      if (c != ' ') ++punct;
      ++i;
      continue;
    }
    if (c >= 0x80) {  // a few punctuation marks spelled in UTF-8
      std::string_view rest = t.substr(i, 3);
      if (rest == "\xE2\x80\x9C" || rest == "\xE2\x80\x9D") { ++quotes; ++punct; i += 3; continue; }
      if (rest == "\xC2\xB7 " || rest == "\xE2\x80\xA2" || rest == "\xC2\xBB " || rest == "\xE2\x80\xBA") {
        ++separators; ++punct; i += rest[0] == '\xC2' ? 2 : 3; continue;
      }
      if (t.substr(i, 2) == "\xC2\xA9") { copyright = true; ++punct; i += 2; continue; }
    }
    // A word: letters, digits and UTF-8 sequences, with inner apostrophes.
    std::size_t j = i;
    word.clear();
    std::size_t word_upper = 0, word_digits = 0;
    while (j < t.size()) {
      auto d = static_cast<unsigned char>(t[j]);
      if (d == '\'' && j + 1 < t.size() && j > i && is_word_byte(static_cast<unsigned char>(t[j + 1]))) {
        word.push_back('\'');
        ++j;
        continue;
      }
      if (!is_word_byte(d)) break;
      if (d >= 'A' && d <= 'Z') {
        ++word_upper;
        d = static_cast<unsigned char>(d - 'A' + 'a');
      }
      if (d >= '0' && d <= '9') ++word_digits;
      if (d < 0x80 && d > '9') ++letters;
      word.push_back(static_cast<char>(d));
      ++j;
    }
    upper += word_upper;
    digits += word_digits;
    ++words;
    word_bytes += word.size();
    if (t[i] >= 'A' && t[i] <= 'Z') ++capitalised;
    if (words == 1 && word == "by") by_start = true;
    const std::uint8_t flags = word_flags(word);
    stop += (flags & kStopWord) != 0;
    you += (flags & kYouWord) != 0;
    we += (flags & kWeWord) != 0;
    month = month || (flags & kMonthWord) != 0;
    if (word.size() == 4 && word_digits == 4 && (word[0] == '1' || word[0] == '2')) year = true;
    if (word == "am" || word == "pm") clock = clock || (i > 0 && t[i - 1] >= '0' && t[i - 1] <= '9');
    if (word == "http" || word == "https" || word == "www") url = true;
    if (word.size() <= 24) {
      if (std::uint32_t bits = cues.classes(word)) {
        for (std::size_t k = 0; k < classes; ++k) {
          if (!(bits >> k & 1u)) continue;
          row[kCues + 2 * k] += 1;
          if (words == 1) row[kCues + 2 * k + 1] = 1;
          ++cue_total;
        }
      }
    }
    i = j;
  }
  // "site.com" and friends: a dot between letters with a common TLD after it.
  for (std::string_view tld : {".com", ".org", ".net", ".co.uk"}) {
    if (t.find(tld) != std::string_view::npos) url = true;
  }
  const float w = static_cast<float>(std::max<std::size_t>(words, 1));
  row[kUpperRatio] = letters ? static_cast<float>(upper) / static_cast<float>(letters) : 0;
  row[kDigitRatio] = t.empty() ? 0 : static_cast<float>(digits) / static_cast<float>(t.size());
  row[kPunctRatio] = t.empty() ? 0 : static_cast<float>(punct) / static_cast<float>(t.size());
  row[kSentences] = static_cast<float>(sentences);
  row[kMeanWordLength] = static_cast<float>(word_bytes) / w;
  row[kCapitalisedRatio] = static_cast<float>(capitalised) / w;
  row[kStopRatio] = static_cast<float>(stop) / w;
  row[kYouRatio] = static_cast<float>(you) / w;
  row[kWeRatio] = static_cast<float>(we) / w;
  row[kUrl] = url;
  row[kEmail] = email;
  row[kHandle] = handle;
  row[kHashtag] = hashtag;
  row[kSeparators] = static_cast<float>(separators);
  row[kCopyrightSign] = copyright;
  row[kMonth] = month;
  row[kYear] = year;
  row[kClock] = clock;
  row[kQuotes] = static_cast<float>(quotes);
  row[kByStart] = by_start;
  row[kCueTotal] = static_cast<float>(cue_total);
}

bool reads_as_body(const float* row) { return row[kWords] >= 20 && row[kEndsSentence] != 0; }

}  // namespace

std::vector<std::string> block_feature_names(const CueLexicon& cues) {
  std::vector<std::string> names(kOwnNames.begin(), kOwnNames.end());
  names.insert(names.end(), kPlaceNames.begin(), kPlaceNames.end());
  for (std::string_view side : {"prev_", "next_"}) {
    for (Own f : kNeighbourFeatures) names.push_back(std::string(side) + std::string(kOwnNames[f]));
  }
  for (const std::string& c : cues.names()) {
    names.push_back("cue_" + c);
    names.push_back("first_" + c);
  }
  return names;
}

std::vector<float> block_features(const BlockList& kept, const CueLexicon& cues) {
  const std::size_t width = kCues + 2 * cues.names().size();
  const std::size_t n = kept.size();
  std::vector<float> rows(n * width, 0.0f);
  float total_words = 0;
  for (std::size_t i = 0; i < n; ++i) {
    own_features(*kept[i], cues, &rows[i * width]);
    total_words += rows[i * width + kWords];
  }
  std::size_t body = 0;
  // Equal texts have equal lengths and starts: hashing those is enough.
  struct StartHash {
    std::size_t operator()(std::string_view t) const {
      return std::hash<std::string_view>()(t.substr(0, 32)) ^ t.size() * 0x9E3779B97F4A7C15ull;
    }
  };
  std::unordered_map<std::string_view, float, StartHash> copies;
  for (std::size_t i = 0; i < n; ++i) {
    body += reads_as_body(&rows[i * width]);
    copies[kept[i]->text] += 1;
  }
  // Runs of blocks that do not read as body: where each starts and ends.
  std::vector<std::size_t> run_start(n), run_end(n);
  for (std::size_t i = 0; i < n; ++i) {
    const bool in_run = !reads_as_body(&rows[i * width]);
    run_start[i] = in_run && i > 0 && !reads_as_body(&rows[(i - 1) * width]) ? run_start[i - 1] : i;
  }
  for (std::size_t i = n; i-- > 0;) {
    const bool in_run = !reads_as_body(&rows[i * width]);
    run_end[i] = in_run && i + 1 < n && !reads_as_body(&rows[(i + 1) * width]) ? run_end[i + 1] : i + 1;
  }
  float words_before = 0;
  std::size_t body_before = 0;
  for (std::size_t i = 0; i < n; ++i) {
    float* row = &rows[i * width];
    row[kIndex] = static_cast<float>(i);
    row[kFromEnd] = static_cast<float>(n - 1 - i);
    row[kRelative] = n > 1 ? static_cast<float>(i) / static_cast<float>(n - 1) : 0;
    row[kWordsBefore] = total_words > 0 ? words_before / total_words : 0;
    row[kWordsAfter] = total_words > 0 ? (total_words - words_before - row[kWords]) / total_words : 0;
    row[kBlocks] = static_cast<float>(n);
    const bool is_body = reads_as_body(row);
    row[kBodyBefore] = static_cast<float>(body_before);
    row[kBodyAfter] = static_cast<float>(body - body_before - is_body);
    row[kPrevBody] = i > 0 && reads_as_body(&rows[(i - 1) * width]);
    row[kNextBody] = i + 1 < n && reads_as_body(&rows[(i + 1) * width]);
    row[kRunLength] = is_body ? 0 : static_cast<float>(run_end[i] - run_start[i]);
    row[kRunIndex] = is_body ? 0 : static_cast<float>(i - run_start[i]);
    row[kCopies] = copies[kept[i]->text];
    row[kTitleLike] = !row[kEndsSentence] && !row[kEndsColon] && row[kWords] <= 14 && row[kCapitalisedRatio] >= 0.6f;
    for (std::size_t k = 0; k < kNeighbourFeatures.size(); ++k) {
      row[kPrev + k] = i > 0 ? rows[(i - 1) * width + kNeighbourFeatures[k]] : -1;
      row[kNext + k] = i + 1 < n ? rows[(i + 1) * width + kNeighbourFeatures[k]] : -1;
    }
    words_before += row[kWords];
    body_before += is_body;
  }
  return rows;
}

bool model_may_judge(const float* row) {
  if (row[kBlocks] < 2 || row[kWords] > kMaxJudgedWords || row[kKind] == kNotProse) return false;
  // Article body: sentence-like, away from the ends, with body on both sides,
  // or opening the body. Only the last body-like blocks are left to judge
  // (author bios, disclaimers and comment policies are sentences too).
  const bool middle = row[kIndex] >= 2 && row[kFromEnd] >= 3;
  const bool between = row[kBodyBefore] > 0 && row[kBodyAfter] > 0;
  const bool opening = row[kIndex] < 2 && row[kBodyAfter] > 0;
  return !(reads_as_body(row) && (middle || between || opening));
}

}  // namespace normalize::internal

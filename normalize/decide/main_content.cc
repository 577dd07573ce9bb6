// Main-content choice for HTML documents (the main-content rules of
// rules/html/structure.yaml, each naming one part of the decision): scores
// the elements that hold blocks by the paragraphs beneath them (text length,
// commas, link density, class/id words from the rule's lists, article/main,
// schema.org Article, itemprop=articleBody), keeps the best one with its
// strong siblings, and removes every other block (part outside). Hidden
// blocks, captions, link lists and emptied sections go as their own parts.
// A JSON-LD articleBody, where the page has one, checks the choice and may
// replace it. Knows the Document's elements, never Gumbo.
#include <algorithm>
#include <array>
#include <cctype>
#include <cstdint>
#include <cstring>
#include <string_view>

#include "normalize/text/canonical.h"
#include "normalize/decide/decide.h"
#include "normalize/rules/kinds/whole_document.h"

namespace normalize::internal {
namespace {

// The id and class tokens of an element only (not role/itemprop).
std::string id_class(const std::string& attrs) {
  std::string out;
  std::size_t i = 0;
  while (i < attrs.size()) {
    std::size_t e = attrs.find(' ', i);
    if (e == std::string::npos) e = attrs.size();
    if (e > i && (attrs[i] == '#' || attrs[i] == '.')) out += attrs.substr(i, e - i) + " ";
    i = e + 1;
  }
  return out;
}

// `words`: the main-content rule's class/id word lists (rules/html/structure.yaml).
double hint_weight(const DomElement& e, const MainContentParams& words) {
  double w = 0;
  std::string ic = id_class(e.attrs);
  if (words.negative.in(ic)) w -= 25;
  if (words.positive.in(ic)) w += 25;
  if (e.attrs.find("itemprop=articlebody") != std::string::npos) w += 50;
  static const WordList kArticleTypes({
      "itemtype=http://schema.org/article",     "itemtype=https://schema.org/article",
      "itemtype=http://schema.org/newsarticle", "itemtype=https://schema.org/newsarticle",
      "itemtype=http://schema.org/blogposting", "itemtype=https://schema.org/blogposting"});
  if (kArticleTypes.in(e.attrs)) {
    w += 25;
  }
  if (e.tag == "article") w += 20;
  if (e.tag == "main") w += 10;
  if (e.tag == "div") w += 5;
  if (e.tag == "nav" || e.tag == "aside" || e.tag == "footer" || e.tag == "form") w -= 30;
  if (e.tag == "li" || e.tag == "ul" || e.tag == "ol" || e.tag == "dl") w -= 3;
  return w;
}

// Elements that rarely hold the article (Readability's "unlikely
// candidates"): their blocks neither score nor stay.
bool unlikely(const DomElement& e, const MainContentParams& words) {
  if (e.tag == "nav" || e.tag == "aside" || e.tag == "footer" || e.tag == "form") return true;
  if (e.tag == "body" || e.tag == "html" || e.tag == "article" || e.tag == "main") return false;
  if (words.unlikely_roles.in(e.attrs)) return true;
  std::string ic = id_class(e.attrs);
  if (ic.empty()) return false;
  // The article's body, or its description (the lead in a "teaser-text" box).
  if (e.attrs.find("itemprop=articlebody") != std::string::npos) return false;
  if (e.attrs.find("itemprop=description") != std::string::npos) return false;
  if (!words.unlikely.in(ic)) return false;
  return !words.likely.in(ic);
}

bool leafish(const std::string& tag) {
  return tag == "p" || tag == "li" || tag == "td" || tag == "th" || tag == "pre" || tag == "blockquote" ||
         tag == "dd" || tag == "dt" || (tag.size() == 2 && tag[0] == 'h' && tag[1] >= '1' && tag[1] <= '6');
}

std::size_t commas(const std::string& s) {
  std::size_t n = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == ',') ++n;
    // ， 、 (the first byte tested first: this runs for every byte of text)
    if (s[i] == '\xEF' && s.compare(i, 3, "\xEF\xBC\x8C") == 0) ++n;
    if (s[i] == '\xE3' && s.compare(i, 3, "\xE3\x80\x81") == 0) ++n;
  }
  return n;
}

void record(std::string_view input, const std::vector<Block>& blocks, std::size_t from, std::size_t to,
            const Rule& rule, Decisions* decisions) {
  std::size_t start = blocks[from].span_begin(), end = blocks[from].span_end();
  for (std::size_t i = from + 1; i < to; ++i) end = std::max(end, blocks[i].span_end());
  end = std::min(end, input.size());
  start = std::min(start, end);
  decisions->cuts.push_back({rule.id, rule.category, "remove", start, end});
}

// The part of a page title that names the page, not the site: titles are
// "Story | Site", "Site - Story", "Story – Section – Site"; the part with the
// most words wins (the first on a tie). [begin, end) in the title's text.
// Separators: | - – — :: · • » / between spaces.
std::pair<std::size_t, std::size_t> title_without_site(const std::string& t) {
  static constexpr std::string_view kSeparators[] = {" | ",  " - ",  " \xE2\x80\x93 ", " \xE2\x80\x94 ", " :: ",
                                                     " \xC2\xB7 ", " \xE2\x80\xA2 ", " \xC2\xBB ", " / "};
  std::vector<std::pair<std::size_t, std::size_t>> parts;  // [begin, end) of each part
  std::size_t begin = 0, i = 0;
  while (i < t.size()) {
    std::size_t len = 0;
    for (std::string_view sep : kSeparators) {
      if (t.compare(i, sep.size(), sep) == 0) len = sep.size();
    }
    if (len == 0) {
      ++i;
      continue;
    }
    parts.emplace_back(begin, i);
    i += len;
    begin = i;
  }
  parts.emplace_back(begin, t.size());
  auto best = parts.front();
  std::size_t best_words = 0;
  for (auto [b, e] : parts) {
    std::size_t words = count_words(std::string_view(t).substr(b, e - b));
    if (words > best_words) {
      best = {b, e};
      best_words = words;
    }
  }
  return best;
}

bool same_text(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) return false;
  }
  return true;
}

// The title is kept once: when no level-1 heading stays, the page's <title>
// without the site's name opens the document (unless a kept heading near the
// top already says it).
void add_title(const Document& doc, Decisions* decisions) {
  const Block& t = doc.title;
  BlockList& blocks = decisions->kept;
  if (t.text.empty()) return;
  for (const Block* b : blocks) {
    if (b->kind == BlockKind::kHeading && b->level == 1) return;
  }
  auto [begin, end] = title_without_site(t.text);
  Block title;
  OffsetMap map;
  map.append_slice(t.map, begin, end);
  canonicalize_mapped(t.text.substr(begin, end - begin), map, doc.nfkc, &title, nullptr);
  if (title.text.empty()) return;
  for (std::size_t i = 0; i < blocks.size() && i < 3; ++i) {
    if (same_text(blocks[i]->text, title.text)) return;
  }
  title.kind = BlockKind::kHeading;
  title.level = 1;
  // Index 0 like the first block read: indices only ever measure the gap
  // after a heading below level 1 (prune.cc), and the title is first.
  title.index = 0;
  blocks.insert(blocks.begin(), &decisions->made.emplace_back(std::move(title)));
}

// Hashes of each run of three words (runs of letters and digits, ASCII
// lowercased) in `text`, appended to `out`: the same sentences found
// elsewhere whatever the punctuation and spacing around them.
void add_trigrams(std::string_view text, std::vector<std::uint64_t>* out) {
  auto word_byte = [&](std::size_t k) {
    auto c = static_cast<unsigned char>(text[k]);
    return c >= 0x80 || std::isalnum(c);
  };
  std::uint64_t w[3] = {0, 0, 0};
  std::size_t words = 0;
  std::size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && !word_byte(i)) ++i;
    if (i >= text.size()) break;
    std::uint64_t h = 1469598103934665603ull;  // FNV-1a
    while (i < text.size() && word_byte(i)) {
      h = (h ^ static_cast<unsigned char>(std::tolower(static_cast<unsigned char>(text[i])))) * 1099511628211ull;
      ++i;
    }
    w[0] = w[1];
    w[1] = w[2];
    w[2] = h;
    if (++words >= 3) out->push_back((w[0] * 31 + w[1]) * 1000003 + w[2]);
  }
}

// The distinct trigrams of the blocks, sorted.
std::vector<std::uint64_t> trigrams(const std::vector<Block>& blocks) {
  std::vector<std::uint64_t> out;
  for (const Block& b : blocks) add_trigrams(b.text, &out);
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

// How many of the text's trigrams are in `sorted`.
std::size_t count_found(std::string_view text, const std::vector<std::uint64_t>& sorted) {
  std::vector<std::uint64_t> mine;
  add_trigrams(text, &mine);
  std::size_t n = 0;
  for (std::uint64_t t : mine) n += std::binary_search(sorted.begin(), sorted.end(), t) ? 1 : 0;
  return n;
}

}  // namespace

void extract_main_content(std::string_view input, const Document& doc, const MainContentRules& parts,
                          Decisions* decisions) {
  const std::vector<Block>& blocks = doc.blocks;
  const std::vector<DomElement>& els = doc.elements;
  if (blocks.empty() || els.empty()) return;
  const std::size_t n = els.size();
  std::vector<double> chars(n, 0.0), links(n, 0.0);
  for (const Block& b : blocks) {
    if (b.element < 0) continue;
    chars[b.element] += static_cast<double>(b.text.size());
    links[b.element] += static_cast<double>(b.link_chars);
  }
  for (std::size_t i = n; i-- > 0;) {
    int p = els[i].parent;
    if (p >= 0) {
      chars[p] += chars[i];
      links[p] += links[i];
    }
  }
  double total = 0;
  for (std::size_t i = 0; i < n; ++i) {
    if (els[i].parent < 0) total += chars[i];
  }
  // Unlikely elements, and what is inside them; one that holds most of the
  // page's text is a layout wrapper whatever its class says.
  // So is one that holds an article element or the article body.
  std::vector<char> holds_article(n, 0);
  for (std::size_t i = n; i-- > 0;) {
    const DomElement& e = els[i];
    if ((e.tag == "article" || e.tag == "main" || e.attrs.find("itemprop=articlebody") != std::string::npos) &&
        chars[i] >= 0.25 * total) {
      holds_article[i] = 1;
    }
    if (holds_article[i] && e.parent >= 0) holds_article[e.parent] = 1;
  }
  static const MainContentParams kNoWords;
  const MainContentParams& words =
      parts.outside ? static_cast<const MainContentParams&>(*parts.outside->params) : kNoWords;
  // The rule that removes each block (a part of `parts`), null: kept.
  std::vector<const Rule*> rules(blocks.size(), nullptr);
  std::size_t title = blocks.size();
  // Chooses the article (`forced`, when given) and sets rules[] for every
  // block; returns the bytes kept.
  auto choose = [&](bool use_unlikely, int forced) {
    std::vector<double> score(n, 0.0);
    std::vector<char> scored(n, 0);
    std::vector<char> out(n, 0);
    for (std::size_t i = 0; i < n; ++i) {
      out[i] = (els[i].parent >= 0 && out[els[i].parent]) ||
               (use_unlikely && parts.outside && unlikely(els[i], words) && chars[i] < 0.4 * total &&
                !holds_article[i]);
    }
    // Without the main-content rule nothing is chosen: every element stays.
    for (const Block& b : blocks) {
      if (b.element < 0 || !parts.outside) continue;
      if (b.text.size() < 25 || b.links_only || (els[b.element].flags & kHidden) || out[b.element]) continue;
      double s = 1.0 + static_cast<double>(commas(b.text)) + std::min(3.0, static_cast<double>(b.text.size()) / 100.0);
      int e = b.element;
      if (leafish(els[e].tag)) e = els[e].parent;
      for (int level = 0; e >= 0 && level < 5; ++level, e = els[e].parent) {
        if (!scored[e]) {
          scored[e] = 1;
          score[e] += hint_weight(els[e], words);
        }
        score[e] += level == 0 ? s : level == 1 ? s / 2 : s / (level * 3);
      }
    }
    int best = -1;
    for (std::size_t i = 0; i < n; ++i) {
      if (!scored[i] || (els[i].flags & kHidden) || out[i]) continue;
      double density = chars[i] > 0 ? links[i] / chars[i] : 0;
      score[i] *= 1.0 - density;
      if (best < 0 || score[i] > score[best]) best = static_cast<int>(i);
    }
    if (forced >= 0) {
      best = forced;
      score[best] = std::max(score[best], 1.0);
    }
    std::vector<char> keep(n, 0);
    if (best >= 0 && score[best] > 0) {
      auto keep_range = [&](int e) { std::fill(keep.begin() + e, keep.begin() + std::max(els[e].end, e + 1), 1); };
      keep_range(best);
      int parent = els[best].parent;
      double threshold = std::max(10.0, score[best] * 0.2);
      if (parent >= 0 && forced < 0) {  // a forced choice is the article as the page states it
        for (int c = parent + 1; c < els[parent].end; c = std::max(els[c].end, c + 1)) {
          if (c == best) continue;
          double density = chars[c] > 0 ? links[c] / chars[c] : 1;
          bool strong = scored[c] && score[c] >= threshold;
          bool paragraph = els[c].tag == "p" && chars[c] > 80 && density < 0.25;
          if ((strong || paragraph) && !(els[c].flags & kHidden)) keep_range(c);
        }
      }
    } else {
      std::fill(keep.begin(), keep.end(), 1);
    }
    // A lead paragraph often sits before the chosen element in a wrapper of
    // its own: plain paragraphs just before it, up to three levels up, stay.
    std::vector<char> lead(blocks.size(), 0);
    if (best >= 0 && score[best] > 0) {
      int top = best;
      for (int level = 0; level < 6 && els[top].parent >= 0; ++level) top = els[top].parent;
      for (std::size_t i = 0; i < blocks.size(); ++i) {
        const Block& b = blocks[i];
        if (b.element < top || b.element >= els[top].end) continue;
        if (b.element >= best && b.element < els[best].end) continue;
        if (out[b.element] || (els[b.element].flags & kHidden)) continue;
        if (b.kind == BlockKind::kParagraph && b.text.size() >= 80 && b.link_density() < 0.2) lead[i] = 1;
      }
    }
    // The title: the last h1 before the first kept block.
    std::size_t first_kept = blocks.size();
    for (std::size_t i = 0; i < blocks.size(); ++i) {
      if (blocks[i].element >= 0 && keep[blocks[i].element] && !out[blocks[i].element]) {
        first_kept = i;
        break;
      }
    }
    title = blocks.size();
    for (std::size_t i = 0; i < first_kept; ++i) {
      if (blocks[i].kind == BlockKind::kHeading && blocks[i].level == 1 && !(els[blocks[i].element].flags & kHidden)) {
        title = i;
      }
    }
    // Between the title and the article: the standfirst (a plain paragraph
    // without links, outside navigation), wherever its wrapper's class points.
    if (title < first_kept) {
      for (std::size_t i = title + 1; i < first_kept; ++i) {
        const Block& b = blocks[i];
        if (b.element < 0 || (els[b.element].flags & (kHidden | kInNav | kInAside | kInFooter | kInForm))) continue;
        // A subheadline set as a heading (h2 under the h1) is a standfirst too.
        bool heading = b.kind == BlockKind::kHeading && b.level >= 2;
        if ((b.kind == BlockKind::kParagraph || heading) && b.text.size() >= 80 && b.link_chars == 0) lead[i] = 1;
      }
    }
    std::fill(rules.begin(), rules.end(), nullptr);
    for (std::size_t i = 0; i < blocks.size(); ++i) {
      const Block& b = blocks[i];
      if (b.element >= 0 && (els[b.element].flags & kHidden)) {
        rules[i] = parts.hidden;
      } else if (i != title && !lead[i] && b.element >= 0 && (!keep[b.element] || out[b.element])) {
        rules[i] = parts.outside;
      } else if (b.kind == BlockKind::kCaption) {
        rules[i] = parts.caption;  // figcaption/caption: the picture's words, mostly credits
      } else if (i != title && b.link_density() > 0.5 && b.words < 12) {  // a short, mostly linked line
        rules[i] = parts.link_block;
      } else if (b.links_only && b.kind != BlockKind::kHeading) {
        rules[i] = parts.link_block;  // inside the article: a run of links (related, tags, share)
      }
    }
    // A hole in the article: a section heading (h2 and below, two words or
    // more, few links, in no unlikely element) left outside between two kept
    // blocks sits in a wrapper of its own, which a heading alone never
    // scores; it is the article's. (Other blocks in such holes were tried:
    // captions, bylines and donation prompts came back with them.)
    for (std::size_t i = 1; i + 1 < blocks.size(); ++i) {
      if (rules[i] != parts.outside || rules[i - 1] || rules[i + 1]) continue;
      const Block& b = blocks[i];
      if (b.kind != BlockKind::kHeading || b.level < 2 || b.words < 2 || b.link_density() >= 0.5) continue;
      if (b.element < 0 || out[b.element] || (els[b.element].flags & (kInNav | kInAside | kInFooter | kInForm))) {
        continue;
      }
      rules[i] = nullptr;
    }
    // A kept heading whose whole section went ("Share this", "More on this")
    // goes too: it only announced what was removed.
    for (std::size_t i = blocks.size(); i-- > 0;) {
      if (rules[i] || i == title || blocks[i].kind != BlockKind::kHeading) continue;
      bool removed = false, empty = true;
      for (std::size_t k = i + 1; k < blocks.size(); ++k) {
        if (rules[k]) {
          removed = removed || rules[k] != parts.empty_section;  // not an emptied heading
          continue;
        }
        if (blocks[k].kind == BlockKind::kHeading && blocks[k].level <= blocks[i].level) break;
        empty = false;
        break;
      }
      if (removed && empty) rules[i] = parts.empty_section;
    }
    std::size_t kept_chars = 0;
    for (std::size_t i = 0; i < blocks.size(); ++i) kept_chars += rules[i] ? 0 : blocks[i].text.size();
    return kept_chars;
  };
  // When the class hints leave next to nothing of a page with text, they
  // misled (a wrapper named "banner"): the choice is made again without them.
  if (choose(true, -1) < 250 && total >= 1500) choose(false, -1);
  // The JSON-LD articleBody, where the page states one, checks the choice:
  // when what stays holds under half of its text, the smallest element
  // holding 80% of it is chosen instead; when none does (a story rendered by
  // script) and less stays than it holds, it is the article itself.
  bool use_article_body = false;
  std::vector<std::uint64_t> body = trigrams(doc.article_body);
  if (parts.outside && body.size() >= 50) {  // a teaser of a sentence or two proves nothing
    const double size = static_cast<double>(body.size());
    std::vector<double> found(n, 0.0);
    double kept = 0, kept_chars = 0;
    for (std::size_t i = 0; i < blocks.size(); ++i) {
      auto f = static_cast<double>(count_found(blocks[i].text, body));
      if (!rules[i]) {
        kept += f;
        kept_chars += static_cast<double>(blocks[i].text.size());
      }
      if (blocks[i].element >= 0) found[blocks[i].element] += f;
    }
    for (std::size_t i = n; i-- > 0;) {
      if (els[i].parent >= 0) found[els[i].parent] += found[i];
    }
    if (kept < 0.5 * size) {
      int candidate = -1;
      for (std::size_t i = 0; i < n; ++i) {
        if (found[i] >= 0.8 * size && !(els[i].flags & kHidden) && (candidate < 0 || chars[i] < chars[candidate])) {
          candidate = static_cast<int>(i);
        }
      }
      double body_chars = 0;
      for (const Block& b : doc.article_body) body_chars += static_cast<double>(b.text.size());
      if (candidate >= 0) {
        choose(false, candidate);
      } else if (kept_chars < body_chars) {
        use_article_body = true;
        for (std::size_t i = 0; i < blocks.size(); ++i) {
          bool heads = i == title || (blocks[i].kind == BlockKind::kHeading && blocks[i].level == 1);
          if (!rules[i] && !heads) rules[i] = parts.outside;
        }
      }
    }
  }
  BlockList kept;
  kept.reserve(blocks.size());
  std::size_t run = 0;
  const Rule* run_rule = nullptr;
  auto end_run = [&](std::size_t i) {
    if (run_rule) record(input, blocks, run, i, *run_rule, decisions);
    run_rule = nullptr;
  };
  for (std::size_t i = 0; i < blocks.size(); ++i) {
    const Block& b = blocks[i];
    const Rule* rule = rules[i];
    if (rule != run_rule || (rule && i > run && b.span_begin() < blocks[i - 1].span_end())) {
      end_run(i);
      if (rule) {
        run = i;
        run_rule = rule;
      }
    }
    if (!rule) kept.push_back(&b);
  }
  end_run(blocks.size());
  if (use_article_body) {
    for (const Block& b : doc.article_body) kept.push_back(&b);
  }
  decisions->kept = std::move(kept);
  add_title(doc, decisions);
}

}  // namespace normalize::internal

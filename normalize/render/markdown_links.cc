// Links the Markdown writer settles, and text GFM would read as links
// (markdown_passes.h): targets that read back, autolinks, bare URLs and
// e-mail addresses, character references.
#include <cmark-gfm.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "normalize/render/cmark_nodes.h"
#include "normalize/render/markdown_passes.h"
#include "normalize/text/markdown_tree.h"

namespace normalize::internal {
namespace {

// Length of what CommonMark could read as a character reference at s[i]
// ("&name;", "&#123;", "&#x1F;"), or 0.
std::size_t reference_at(std::string_view s, std::size_t i) {
  if (i >= s.size() || s[i] != '&') return 0;
  std::size_t j = i + 1;
  bool numeric = j < s.size() && s[j] == '#';
  if (numeric) ++j;
  if (numeric && j < s.size() && (s[j] == 'x' || s[j] == 'X')) ++j;
  std::size_t d = j;
  while (j < s.size() && std::isalnum(static_cast<unsigned char>(s[j]))) ++j;
  return j > d && j < s.size() && s[j] == ';' ? j + 1 - i : 0;
}

bool has_reference(std::string_view s) {
  for (std::size_t i = s.find('&'); i != std::string_view::npos; i = s.find('&', i + 1)) {
    if (reference_at(s, i)) return true;
  }
  return false;
}

// Whether `s` may stand between < and > as a CommonMark autolink: a URI
// (scheme:no-spaces-or-angles) or an e-mail address. A character reference
// in it would be decoded on the next reading (GFM's bare-URL links keep them
// as written).
bool valid_autolink(std::string_view s) {
  if (has_reference(s)) return false;
  auto alpha = [](char c) { return std::isalpha(static_cast<unsigned char>(c)) != 0; };
  auto alnum = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; };
  std::size_t colon = s.find(':');
  if (colon != std::string_view::npos && colon >= 2 && colon <= 32 && alpha(s[0])) {
    bool scheme = std::all_of(s.begin(), s.begin() + colon,
                              [&](char c) { return alnum(c) || c == '+' || c == '.' || c == '-'; });
    bool rest = std::none_of(s.begin() + colon, s.end(), [](char c) {
      return c == '<' || c == '>' || static_cast<unsigned char>(c) <= ' ';
    });
    if (scheme && rest) return true;
  }
  std::size_t at = s.find('@');
  if (at == 0 || at == std::string_view::npos) return false;
  const std::string_view local_ok = ".!#$%&'*+/=?^_`{|}~-";
  for (std::size_t i = 0; i < at; ++i) {
    if (!alnum(s[i]) && local_ok.find(s[i]) == std::string_view::npos) return false;
  }
  std::string_view domain = s.substr(at + 1);
  std::size_t start = 0;
  while (true) {
    std::size_t dot = domain.find('.', start);
    std::string_view label = domain.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start);
    if (label.empty() || label.size() > 63 || !alnum(label.front()) || !alnum(label.back())) return false;
    if (!std::all_of(label.begin(), label.end(), [&](char c) { return alnum(c) || c == '-'; })) return false;
    if (dot == std::string_view::npos) return true;
    start = dot + 1;
  }
}

// A link whose text is its target is written as <target>; when the target
// cannot be an autolink, that reads back as text in which GFM finds a new
// link (taking escapes into it), one more layer each time.
bool bad_autolink(cmark_node* link) {
  const char* url = cmark_node_get_url(link);
  const char* title = cmark_node_get_title(link);
  cmark_node* text = cmark_node_first_child(link);
  if (!url || !*url || (title && *title) || !text || cmark_node_next(text) ||
      cmark_node_get_type(text) != CMARK_NODE_TEXT) {
    return false;
  }
  std::string_view u = url, t = cmark_node_get_literal(text) ? cmark_node_get_literal(text) : "";
  std::string_view bare = u.substr(0, 7) == "mailto:" ? u.substr(7) : u;
  if (t != u && t != bare) return false;
  return !valid_autolink(u.substr(0, 7) == "mailto:" && t == bare ? bare : u);
}

}  // namespace

bool settle_link(cmark_node* n) {
  const char* url = cmark_node_get_url(n);
  if (cmark_node_get_type(n) == CMARK_NODE_LINK) {
    if (!url || !*url || std::strcmp(url, "#") == 0) return false;
    if (bad_autolink(n)) {
      // Written as [text](target) instead: the target percent-encodes what
      // made it invalid, so it differs from the text and reads back the same.
      std::string encoded;
      static const char kHex[] = "0123456789ABCDEF";
      for (unsigned char c : std::string_view(url)) {
        if (std::isalnum(c) || std::strchr(":/.?=&#@-%", c) || c >= 0x80) {
          encoded += static_cast<char>(c);
        } else {
          encoded += '%';
          encoded += kHex[c >> 4];
          encoded += kHex[c & 15];
        }
      }
      if (encoded == url) return false;
      cmark_node_set_url(n, encoded.c_str());
    }
  }
  url = cmark_node_get_url(n);
  if (url && has_reference(url)) {
    // A target written "(...)" has its character references decoded on the
    // next reading: the ';' of each is percent-encoded.
    std::string target = url;
    for (std::size_t i = target.find('&'); i != std::string::npos; i = target.find('&', i + 1)) {
      if (std::size_t len = reference_at(target, i)) target.replace(i + len - 1, 1, "%3B");
    }
    cmark_node_set_url(n, target.c_str());
  }
  return true;
}

namespace {

// The text nodes outside links and images, in document order, that `keep`
// accepts: collected first, as the passes below change the tree.
template <typename Keep>
std::vector<cmark_node*> texts_outside_links(cmark_node* root, Keep keep) {
  std::vector<cmark_node*> texts;
  int in_link = 0;
  walk(root, [&](cmark_node* n, cmark_event_type ev) {
    cmark_node_type t = cmark_node_get_type(n);
    if (t == CMARK_NODE_LINK || t == CMARK_NODE_IMAGE) {
      in_link += ev == CMARK_EVENT_ENTER ? 1 : -1;
    } else if (t == CMARK_NODE_TEXT && ev == CMARK_EVENT_ENTER && !in_link && keep(n)) {
      texts.push_back(n);
    }
  });
  return texts;
}

}  // namespace

void guard_text(cmark_node* root, bool urls) {
  const std::vector<cmark_node*> texts = texts_outside_links(root, [](cmark_node*) { return true; });
  auto alpha = [](char c) { return std::isalpha(static_cast<unsigned char>(c)) != 0; };
  for (cmark_node* n : texts) {
    std::string_view lit = cmark_node_get_literal(n) ? cmark_node_get_literal(n) : "";
    std::vector<std::size_t> escapes;
    for (std::size_t i = 0; i < lit.size(); ++i) {
      if (!urls) {
        if (lit[i] == '&' && i + 1 < lit.size() && lit[i + 1] == '#') escapes.push_back(i);
      } else if (lit[i] == ':' && lit.substr(i + 1, 2) == "//" && i + 3 < lit.size() &&
          (std::isalnum(static_cast<unsigned char>(lit[i + 3])) || static_cast<unsigned char>(lit[i + 3]) >= 0x80)) {
        // GFM links http, https and ftp not glued to other letters, and only
        // with a domain after the slashes.
        std::size_t b = i;
        while (b > 0 && alpha(lit[b - 1])) --b;
        std::string scheme(lit.substr(b, i - b));
        for (char& c : scheme) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        if (scheme == "http" || scheme == "https" || scheme == "ftp") escapes.push_back(i);
      } else if (lit[i] == '.' && i >= 3 && (lit.substr(i - 3, 3) == "www" || lit.substr(i - 3, 3) == "WWW") &&
                 (i == 3 || std::strchr(" *_~(", lit[i - 4]))) {  // where GFM may start a "www." link
        escapes.push_back(i);
      } else if (lit[i] == '&' && i + 1 < lit.size() && lit[i + 1] == '#') {
        escapes.push_back(i);
      }
    }
    if (escapes.empty()) continue;
    std::size_t from = 0;
    for (std::size_t i : escapes) {
      if (i > from) cmark_node_insert_before(n, text_node(std::string(lit.substr(from, i - from))));
      cmark_node* raw = cmark_node_new(CMARK_NODE_HTML_INLINE);
      cmark_node_set_literal(raw, (std::string("\\") + lit[i]).c_str());
      cmark_node_insert_before(n, raw);
      from = i + 1;
    }
    if (from < lit.size()) {
      cmark_node_set_literal(n, std::string(lit.substr(from)).c_str());
    } else {
      remove_node(n);
    }
  }
}

void link_bare_text(cmark_node* root, bool urls) {
  const std::vector<cmark_node*> texts = texts_outside_links(root, [urls](cmark_node* n) {
    const char* lit = cmark_node_get_literal(n);
    return lit && (std::strchr(lit, '@') ||
                   (urls && (std::strstr(lit, "://") || std::strstr(lit, "www.") || std::strstr(lit, "WWW."))));
  });
  // A link's text as GFM takes it from the written text: with the writer's
  // escapes in it, which the text node did not have.
  auto unescape = [](std::string_view s) {
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
      if (s[i] == '\\' && i + 1 < s.size() && std::ispunct(static_cast<unsigned char>(s[i + 1]))) ++i;
      out += s[i];
    }
    return out;
  };
  for (cmark_node* n : texts) {
    std::string whole = cmark_node_get_literal(n);
    std::size_t b = whole.find_first_not_of(' '), e = whole.find_last_not_of(' ') + 1;
    if (b == std::string::npos) continue;
    std::string lit = whole.substr(b, e - b);  // a paragraph would trim its spaces
    cmark_node* alone = cmark_node_new(CMARK_NODE_DOCUMENT);
    cmark_node* para = cmark_node_new(CMARK_NODE_PARAGRAPH);
    cmark_node_append_child(alone, para);
    cmark_node_append_child(para, text_node(lit));
    guard_text(alone, !urls);
    char* written = cmark_render_commonmark(alone, kMarkdownOptions, 0);
    cmark_node_free(alone);
    cmark_node* read = parse_markdown(written ? written : "");
    std::free(written);
    cmark_node* p = read ? cmark_node_first_child(read) : nullptr;
    bool usable = p && !cmark_node_next(p) && cmark_node_get_type(p) == CMARK_NODE_PARAGRAPH;
    if (usable) cmark_consolidate_text_nodes(p);
    std::vector<cmark_node*> parts;
    std::string plain;
    bool linked = false;
    for (cmark_node* c = usable ? cmark_node_first_child(p) : nullptr; c && usable; c = cmark_node_next(c)) {
      cmark_node* t = cmark_node_get_type(c) == CMARK_NODE_LINK ? cmark_node_first_child(c) : c;
      usable = t && cmark_node_get_type(t) == CMARK_NODE_TEXT && cmark_node_get_literal(t) &&
               (t == c || !cmark_node_next(t));
      if (!usable) break;
      std::string text = cmark_node_get_literal(t);
      if (t == c) {
        parts.push_back(text_node(text));
      } else {
        linked = true;
        std::string url = cmark_node_get_url(c) ? cmark_node_get_url(c) : "";
        std::string shown = unescape(text);
        std::string prefix = url.size() > text.size() && url.compare(url.size() - text.size(), text.size(), text) == 0
                                 ? url.substr(0, url.size() - text.size())
                                 : "";  // "mailto:", "http://" before "www."
        usable = url == prefix + text;
        cmark_node* link = cmark_node_new(CMARK_NODE_LINK);
        cmark_node_set_url(link, (prefix + shown).c_str());
        cmark_node_append_child(link, text_node(shown));
        parts.push_back(link);
        text = shown;
      }
      plain += text;
    }
    if (usable && linked && plain == lit) {
      if (b > 0) cmark_node_insert_before(n, text_node(whole.substr(0, b)));
      for (cmark_node* c : parts) {
        if (cmark_node_get_type(c) == CMARK_NODE_LINK && !settle_link(c)) {
          cmark_node_insert_before(n, text_node(cmark_node_get_literal(cmark_node_first_child(c))));
          cmark_node_free(c);
          continue;
        }
        cmark_node_insert_before(n, c);
      }
      if (e < whole.size()) cmark_node_insert_before(n, text_node(whole.substr(e)));
      remove_node(n);
    } else {
      for (cmark_node* c : parts) cmark_node_free(c);
    }
    if (read) cmark_node_free(read);
  }
}

}  // namespace normalize::internal

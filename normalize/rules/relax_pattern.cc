// A rule's regex rewritten for the Hyperscan prefilter (regex_prefilter.cc): a
// byte-level pattern whose language includes every match Boost could find,
// small enough to compile in milliseconds. Knows neither engine, only the
// regex syntax rules are written in.
//
// Printable ASCII (0x20-0x7E) is the only range where a class is taken
// exactly; every other character counts as a member of every class escape,
// property, bracket that is negated or holds one, and dot, so the Unicode
// tables and case folding of ICU (Boost) never have to be known here. Such a
// class becomes one byte class holding all bytes outside printable ASCII (and
// up to three continuation bytes after it), and a repeat of it {m,n} becomes
// {m,4n} bytes of the class (a character is 1 to 4 bytes).
// Look-arounds and \b go (zero-width: without them a pattern matches more).
// Widths are counted both ways: a class's character as 4 bytes and as one
// character, so that windows on mostly-ASCII text stay short.
#include <bitset>
#include <cctype>

#include "normalize/text/canonical.h"
#include "normalize/rules/relax_pattern.h"

namespace normalize::internal {
namespace {

using AsciiSet = std::bitset<128>;

AsciiSet range(int a, int b) {
  AsciiSet s;
  for (int c = a; c <= b; ++c) s.set(static_cast<std::size_t>(c));
  return s;
}
const AsciiSet kUpper = range('A', 'Z'), kLower = range('a', 'z'), kDigit = range('0', '9');
const AsciiSet kPrintable = range(' ', '~');

// Repeats with a larger upper bound (in bytes for a class) become unbounded:
// copies of a group, and long bounded repeats, are what make a Hyperscan graph
// slow to compile (the bound is kept in max_width, where it matters).
constexpr unsigned kMaxGroupRepeat = 1;
constexpr unsigned kMaxClassRepeat = 16;

AsciiSet case_closed(AsciiSet s) {
  for (int c = 'a'; c <= 'z'; ++c) {
    auto l = static_cast<std::size_t>(c), u = static_cast<std::size_t>(c - 32);
    if (s[l] || s[u]) s.set(l).set(u);
  }
  return s;
}

std::string hex(unsigned c) {  // a byte as "\\xHH"
  static constexpr char kDigits[] = "0123456789ABCDEF";
  return {'\\', 'x', kDigits[(c >> 4) & 0xF], kDigits[c & 0xF]};
}

std::string utf8_hex(unsigned cp) {
  std::string bytes;
  append_utf8(static_cast<char32_t>(cp), &bytes);
  std::string out;
  for (unsigned char b : bytes) out += hex(b);
  return out;
}

// One character's worth of pattern: which printable ASCII characters it
// matches, and whether it may match others.
struct Char {
  AsciiSet set;
  bool other = false;
};

std::string class_text(const Char& c) {
  AsciiSet s = c.set & kPrintable;
  std::string out = "[";
  for (int b = ' '; b <= '~'; ++b) {
    if (!s[static_cast<std::size_t>(b)]) continue;
    int e = b;
    while (e + 1 <= '~' && s[static_cast<std::size_t>(e + 1)]) ++e;
    out += hex(static_cast<unsigned>(b));
    if (e > b) {
      out += '-';
      out += hex(static_cast<unsigned>(e));
    }
    b = e;
  }
  if (c.other) out += "\\x00-\\x1F\\x7F-\\xFF";
  return out + "]";
}

class Relaxer {
 public:
  explicit Relaxer(std::string_view p) : p_(p) {}

  bool run(RelaxedPattern* out) {
    bool icase = false;
    Alternatives alts;
    if (!sequence(&icase, 0, &alts) || i_ != p_.size() || out_.empty()) return false;
    out->text = std::move(out_);
    out->anchored = alts.anchored;
    out->end_anchored = alts.end_anchored;
    out->max_width = alts.max_width;
    out->first = alts.anchored ? alts.first : ~std::bitset<256>();
    out->lookahead = lookahead_;
    out->lookbehind = lookbehind_;
    return true;
  }

 private:
  enum class Kind { kNone, kClass, kExact, kGroup };
  // What a sequence read: when every alternative is exactly one character,
  // their union (a group of them is then one class).
  struct Alternatives {
    bool single = true;
    Char chars;
    Width max_width;            // of the longest match
    bool anchored = true;       // every alternative starts with ^
    bool end_anchored = true;   // every alternative ends with $
    std::bitset<256> first;     // the bytes a match can start with
  };

  // Reads up to an unmatched ')' or the end. `icase` may change inside ((?i)).
  bool sequence(bool* icase, int depth, Alternatives* alts) {
    if (depth > 64) return false;
    Kind last = Kind::kNone;  // the atom a quantifier would apply to
    std::size_t last_begin = 0;
    int atoms = 0;            // in this alternative (a quantifier or anchor counts two)
    bool has_one = false;     // this alternative is one character so far:
    Char one;                 // this one
    Width width, last_width;
    bool caret_first = false;
    bool dollar_last = false;  // no atom since a $
    // 0 the first atom is to come, 1 a match of the alternative starts with a
    // byte of `lead` (the first required atom's, or an optional one's before
    // it), 2 not known, 3 the atoms so far may all be absent (their first
    // bytes in `lead`): the next atom's join them.
    int first_state = 0;
    std::bitset<256> lead;
    bool lead_last = false;  // no atom since the one that completed `lead`
    auto close_alternative = [&] {
      if (atoms == 1 && has_one) {
        alts->chars.set |= one.set;
        alts->chars.other |= one.other;
      } else {
        alts->single = false;
      }
      alts->max_width = widest(alts->max_width, width);
      alts->anchored = alts->anchored && caret_first;
      alts->end_anchored = alts->end_anchored && dollar_last;
      alts->first |= first_state == 1 ? lead : ~std::bitset<256>();
      first_state = 0;
      atoms = 0;
      has_one = false;
      last = Kind::kNone;
      width = last_width = Width{};
      caret_first = false;
      dollar_last = false;
    };
    while (i_ < p_.size() && p_[i_] != ')') {
      char c = p_[i_];
      std::size_t begin = out_.size();
      Char ch;
      std::bitset<256> group_first;
      Kind kind = Kind::kNone;
      if (c == '|') {
        close_alternative();
        out_ += c;
        ++i_;
        continue;
      }
      if (c == '^' || c == '$') {
        if (c == '^' && atoms == 0) caret_first = true;
        if (c == '$' && (first_state == 0 || first_state == 3)) first_state = 2;
        if (c == '$') dollar_last = true;
        out_ += c;
        ++i_;
        atoms += 2;
        last = Kind::kNone;
        continue;
      }
      if (c == '*' || c == '+' || c == '?' || c == '{') {
        std::size_t times, least;
        if (last == Kind::kNone || !quantifier(last, last_begin, &times, &least)) return false;
        if (first_state == 1 && lead_last && least == 0) first_state = 3;  // the first atom may be absent
        width = repeat(width, last_width, times);
        atoms += 2;
        last = Kind::kNone;
        continue;
      }
      if (c == '(') {
        Alternatives inner;
        bool emitted = false;
        if (!group(icase, depth, &emitted, &inner)) return false;
        if (!emitted) {  // a look-around or flags: nothing to repeat
          if (quantifier_follows()) return false;
          continue;
        }
        if (inner.single) {
          out_.resize(begin);
          ch = inner.chars;
          kind = emit_char(ch);
        } else {
          kind = Kind::kGroup;
          atom_width_ = inner.max_width;
          group_first = inner.first;
        }
      } else if (c == '[') {
        if (!bracket(*icase, &ch)) return false;
        kind = emit_char(ch);
      } else if (c == '\\') {
        bool zero_width = false;
        if (!escape(*icase, &ch, &zero_width, &kind)) return false;
        if (zero_width) {
          if (quantifier_follows()) return false;
          atoms += 2;
          continue;
        }
      } else if (c == '.') {
        ++i_;
        ch.set = kPrintable;
        ch.other = true;
        kind = emit_char(ch);
      } else {
        kind = literal(utf8_char(), *icase, &ch);
      }
      ++atoms;
      dollar_last = false;
      lead_last = first_state == 0 || first_state == 3;
      if (lead_last) {
        if (first_state == 0) lead.reset();
        first_state = 1;
        lead |= kind == Kind::kGroup ? group_first : first_bytes(ch);
      }
      last = kind;
      last_begin = begin;
      last_width = atom_width_;
      width = add(width, atom_width_);
      has_one = kind != Kind::kGroup;
      one = ch;
    }
    close_alternative();
    return true;
  }

  // The bytes a character of `c` can start with.
  static std::bitset<256> first_bytes(const Char& c) {
    std::bitset<256> b;
    for (std::size_t i = 0; i < 128; ++i) b[i] = c.set[i];
    if (c.other) {
      for (std::size_t i = 0; i < 256; ++i) {
        if (i < 0x20 || i >= 0x7F) b.set(i);
      }
    }
    return b;
  }

  bool quantifier_follows() const {
    return i_ < p_.size() && (p_[i_] == '*' || p_[i_] == '+' || p_[i_] == '?' || p_[i_] == '{');
  }

  // *, +, ?, {n}, {n,}, {n,m} after the atom written at out_[begin..]; a lazy
  // or possessive mark is dropped (every match end is reported anyway, and a
  // possessive repeat matches less).
  bool quantifier(Kind kind, std::size_t begin, std::size_t* times, std::size_t* least) {
    unsigned lo = 0, hi = 0;
    bool bounded = true;
    char c = p_[i_];
    if (c == '{') {
      std::size_t close = p_.find('}', i_);
      if (close == std::string_view::npos) return false;
      std::string_view body = p_.substr(i_ + 1, close - i_ - 1);
      std::size_t comma = body.find(',');
      if (body.empty() || body.find_first_not_of("0123456789,") != std::string_view::npos || comma == 0 ||
          (comma != std::string_view::npos && body.find(',', comma + 1) != std::string_view::npos) ||
          body.size() > 9) {
        return false;
      }
      lo = static_cast<unsigned>(std::stoul(std::string(body.substr(0, comma))));
      if (comma == std::string_view::npos) {
        hi = lo;
      } else if (comma + 1 == body.size()) {
        bounded = false;
      } else {
        hi = static_cast<unsigned>(std::stoul(std::string(body.substr(comma + 1))));
        if (hi < lo) return false;
      }
      i_ = close + 1;
    } else {
      lo = c == '+' ? 1 : 0;
      hi = 1;
      bounded = c == '?';
      ++i_;
    }
    if (i_ < p_.size() && (p_[i_] == '?' || p_[i_] == '+')) ++i_;
    *times = bounded ? hi : kUnbounded;
    *least = lo;
    if (kind == Kind::kClass) {  // characters to bytes
      hi *= 4;
      out_.resize(begin);
      out_ += class_;
    }
    if (hi > kMaxClassRepeat) bounded = false;
    if (kind == Kind::kGroup && hi > kMaxGroupRepeat) bounded = false;
    if (kind == Kind::kExact) {
      std::string atom = out_.substr(begin);
      out_.resize(begin);
      out_ += "(?:" + atom + ")";
    }
    out_ += '{' + std::to_string(lo) + ',' + (bounded ? std::to_string(hi) : "") + '}';
    return true;
  }

  bool group(bool* icase, int depth, bool* emitted, Alternatives* inner) {
    ++i_;  // '('
    bool inner_icase = *icase;
    if (p_.substr(i_, 1) == "?") {
      std::string_view rest = p_.substr(i_ + 1);
      if (rest.starts_with("=") || rest.starts_with("!") || rest.starts_with("<=") || rest.starts_with("<!")) {
        i_ += rest[0] == '<' ? 3 : 2;
        std::size_t mark = out_.size();
        bool skip_icase = *icase;
        Alternatives ignored;
        if (!sequence(&skip_icase, depth + 1, &ignored) || i_ >= p_.size()) return false;
        Width& reach = rest[0] == '<' ? lookbehind_ : lookahead_;
        reach = widest(reach, ignored.max_width);
        out_.resize(mark);
        ++i_;  // ')'
        *emitted = false;
        return true;
      }
      if (rest.starts_with(":") || rest.starts_with(">")) {  // atomic: matches more without
        i_ += 2;
      } else if (rest.starts_with("<") || rest.starts_with("P<")) {  // named capture
        std::size_t close = p_.find('>', i_);
        if (close == std::string_view::npos) return false;
        i_ = close + 1;
      } else {
        // Inline flags: (?i) (?-i) (?i:...) (?-i:...); any other flag changes syntax.
        std::size_t j = i_ + 1;
        bool on = true, value = *icase;
        for (; j < p_.size() && p_[j] != ')' && p_[j] != ':'; ++j) {
          if (p_[j] == '-') {
            on = false;
          } else if (p_[j] == 'i') {
            value = on;
          } else {
            return false;
          }
        }
        if (j >= p_.size()) return false;
        i_ = j + 1;
        if (p_[j] == ')') {  // for the rest of the enclosing group
          *icase = value;
          *emitted = false;
          return true;
        }
        inner_icase = value;
      }
    }
    out_ += "(?:";
    if (!sequence(&inner_icase, depth + 1, inner) || i_ >= p_.size()) return false;
    out_ += ')';
    ++i_;
    *emitted = true;
    return true;
  }

  // Outside brackets.
  bool escape(bool icase, Char* ch, bool* zero_width, Kind* kind) {
    if (i_ + 1 >= p_.size()) return false;
    char e = p_[i_ + 1];
    // Word boundaries, and Boost's word start and end (\< \>) and buffer
    // start and end (\` \'): zero-width, so they go.
    if (e == 'b' || e == 'B' || e == '<' || e == '>' || e == '`' || e == '\'') {
      i_ += 2;
      *zero_width = true;
      return true;
    }
    if (e == 'A' || e == 'z' || e == 'Z') {
      out_ += e == 'A' ? "^" : "$";
      i_ += 2;
      *zero_width = true;
      return true;
    }
    bool is_class = false;
    if (!class_escape(ch, &is_class)) return false;
    if (is_class) {
      if (icase) ch->set = case_closed(ch->set);  // (?i)\p{Lu} matches every cased letter
      *kind = emit_char(*ch);
      return true;
    }
    unsigned cp;
    if (!char_escape(&cp)) return false;
    *kind = literal(cp, icase, ch);
    return true;
  }

  // \d \w \s \p{..} and their negations at p_[i_]: sets *ch (with every
  // other character) and advances; *is_class false when it is none of them.
  // *unknown: a property not known here (*ch then holds all of printable ASCII).
  bool class_escape(Char* ch, bool* is_class, bool* unknown = nullptr) {
    char e = p_[i_ + 1];
    AsciiSet s;
    switch (e) {
      case 'd': case 'D': s = kDigit; break;
      case 'w': case 'W': s = kUpper | kLower | kDigit; s.set('_'); break;
      case 's': case 'S': s.set(' '); break;
      case 'p': case 'P': {
        std::string name;
        std::size_t next;
        if (p_.substr(i_ + 2, 1) == "{") {
          std::size_t close = p_.find('}', i_ + 3);
          if (close == std::string_view::npos) return false;
          name = std::string(p_.substr(i_ + 3, close - i_ - 3));
          next = close + 1;
        } else if (i_ + 2 < p_.size()) {
          name = std::string(1, p_[i_ + 2]);
          next = i_ + 3;
        } else {
          return false;
        }
        if (name == "L" || name == "L*" || name == "L&") {
          s = kUpper | kLower;
        } else if (name == "Lu") {
          s = kUpper;
        } else if (name == "Ll") {
          s = kLower;
        } else if (name == "N" || name == "N*" || name == "Nd") {
          s = kDigit;
        } else {
          s = kPrintable;  // not known here: it may match anything
          if (e == 'P') s.reset();
          if (unknown) *unknown = true;
        }
        i_ = next - 2;
        break;
      }
      default: *is_class = false; return true;
    }
    i_ += 2;
    *is_class = true;
    ch->set = (e >= 'A' && e <= 'Z') ? ~s & kPrintable : s;
    ch->other = true;
    return true;
  }

  // A single character written as an escape: \. \t \x41 \x{2019}.
  bool char_escape(unsigned* cp) {
    char e = p_[i_ + 1];
    if (e == 'x') {
      std::size_t start = i_ + 2, end;
      if (p_.substr(start, 1) == "{") {
        end = p_.find('}', start);
        if (end == std::string_view::npos) return false;
        *cp = parse_hex(p_.substr(start + 1, end - start - 1));
        i_ = end + 1;
      } else {
        end = std::min(p_.size(), start + 2);
        *cp = parse_hex(p_.substr(start, end - start));
        i_ = end;
      }
      return *cp <= 0x10FFFF;
    }
    static constexpr std::string_view kControl = "tnrfae", kValue = "\t\n\r\f\a\x1B";
    if (auto k = kControl.find(e); k != std::string_view::npos) {
      *cp = static_cast<unsigned char>(kValue[k]);
    } else if (static_cast<unsigned char>(e) < 0x80 && !std::isalnum(static_cast<unsigned char>(e))) {
      *cp = static_cast<unsigned char>(e);  // \. \( \- ...
    } else {
      return false;  // backreferences, \Q, \G, \h, \v, \X, ...
    }
    i_ += 2;
    return true;
  }

  static unsigned parse_hex(std::string_view h) {
    if (h.empty() || h.size() > 6) return ~0u;
    unsigned v = 0;
    for (char c : h) {
      if (!std::isxdigit(static_cast<unsigned char>(c))) return ~0u;
      v = v * 16 + static_cast<unsigned>(std::isdigit(static_cast<unsigned char>(c)) ? c - '0' : (c | 0x20) - 'a' + 10);
    }
    return v;
  }

  // One UTF-8 character at p_[i_] (Boost has refused a pattern that is not UTF-8).
  unsigned utf8_char() {
    auto b = static_cast<unsigned char>(p_[i_]);
    int len = b < 0x80 ? 1 : b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1;
    if (i_ + static_cast<std::size_t>(len) > p_.size()) len = 1;
    unsigned cp = len == 1 ? b : b & (0xFFu >> (len + 1));
    for (int k = 1; k < len; ++k) cp = (cp << 6) | (static_cast<unsigned char>(p_[i_ + k]) & 0x3F);
    i_ += static_cast<std::size_t>(len);
    return cp;
  }

  // One character of the class: a byte of it, then the continuation bytes
  // of a UTF-8 sequence (a repeat takes the byte class alone, see quantifier).
  Kind emit_char(const Char& c) {
    class_ = class_text(c);
    out_ += class_;
    if (c.other) out_ += "[\\x80-\\xBF]{0,3}";
    atom_width_ = {c.other ? 4u : 1u, 1};
    return c.other ? Kind::kClass : Kind::kExact;
  }

  // A literal character; under (?i) ICU's simple case folding decides what
  // Boost matches: ASCII letters match both cases, k and s also the Kelvin
  // and long-s signs (the only other characters folding to ASCII), anything
  // else folds to characters not known here.
  Kind literal(unsigned cp, bool icase, Char* ch) {
    if (cp < 0x80) ch->set.set(cp);
    if (icase && cp < 0x80 && (kUpper | kLower)[cp]) {
      ch->set = case_closed(ch->set);
      unsigned lower = cp | 0x20;
      if (lower != 'k' && lower != 's') return emit_char(*ch);
      ch->other = true;
      out_ += "(?:" + class_text({ch->set, false}) + "|" + utf8_hex(lower == 'k' ? 0x212A : 0x17F) + ")";
      atom_width_ = {lower == 'k' ? 3u : 2u, 1};
      return Kind::kExact;
    }
    if (icase && (cp == 0xDF || cp == 0x1E9E)) {
      // regex.cc widens a case-insensitive sharp s to (?:ß|ẞ|ss).
      ch->other = true;
      ch->set = case_closed(AsciiSet().set('s'));
      out_ += "(?:" + class_text({{}, true}) + "{2,4}|(?:[sS]|" + utf8_hex(0x17F) + "){2})";
      atom_width_ = {4, 2};  // "ss" is two characters
      return Kind::kGroup;
    }
    if (icase && cp >= 0x80) {
      ch->other = true;
      ch->set = case_closed(AsciiSet().set('k').set('s'));
      return emit_char(*ch);
    }
    ch->other = !kPrintable[cp < 0x80 ? cp : 0];  // as a class member: not taken exactly
    std::string bytes = utf8_hex(cp);
    atom_width_ = {bytes.size() / 4, 1};  // \xHH per byte
    out_ += bytes;
    return Kind::kExact;
  }

  // [...] with ranges, escapes and [:posix:] classes.
  bool bracket(bool icase, Char* ch) {
    ++i_;  // '['
    bool negated = false, other = false, non_ascii = false;
    AsciiSet s;
    if (p_.substr(i_, 1) == "^") {
      negated = true;
      ++i_;
    }
    bool first = true;
    while (i_ < p_.size() && (p_[i_] != ']' || first)) {
      first = false;
      if (p_.substr(i_, 2) == "[:") {
        std::size_t close = p_.find(":]", i_ + 2);
        if (close == std::string_view::npos) return false;
        std::string name(p_.substr(i_ + 2, close - i_ - 2));
        i_ = close + 2;
        other = true;
        if (name == "alpha") {
          s |= kUpper | kLower;
        } else if (name == "digit") {
          s |= kDigit;
        } else if (name == "upper") {
          s |= kUpper;
        } else if (name == "lower") {
          s |= kLower;
        } else if (name == "alnum") {
          s |= kUpper | kLower | kDigit;
        } else {
          return false;
        }
        continue;
      }
      unsigned lo;
      if (p_[i_] == '\\') {
        if (i_ + 1 >= p_.size()) return false;
        Char member;
        bool is_class = false, unknown = false;
        if (!class_escape(&member, &is_class, &unknown)) return false;
        if (is_class) {
          // An unknown property may hold anything, or nothing when negated.
          if (!unknown || !negated) s |= member.set;
          other = true;
          continue;
        }
        if (!char_escape(&lo)) return false;
      } else {
        lo = utf8_char();
      }
      unsigned hi = lo;
      if (p_.substr(i_, 1) == "-" && i_ + 1 < p_.size() && p_[i_ + 1] != ']') {
        ++i_;
        if (p_[i_] == '\\') {
          if (i_ + 1 >= p_.size() || !char_escape(&hi)) return false;
        } else {
          hi = utf8_char();
        }
        if (hi < lo) return false;
      }
      for (unsigned c = lo; c <= hi && c < 0x80; ++c) s.set(c);
      if (lo < 0x20 || hi >= 0x7F) other = true;  // a member outside printable ASCII
      if (hi >= 0x80) non_ascii = true;
    }
    if (i_ >= p_.size()) return false;
    ++i_;  // ']'
    if (icase) {
      s = case_closed(s);
      // The Kelvin and long-s signs fold to k and s: a class that may hold
      // one matches k and s, and one that holds k or s matches the signs.
      // (Negated, that only makes the class smaller: left out.)
      if (non_ascii && !negated) s |= case_closed(AsciiSet().set('k').set('s'));
      if (s['k'] || s['s']) other = true;
    }
    ch->set = negated ? ~s & kPrintable : s;
    ch->other = other || negated;
    return true;
  }

  static std::size_t add(std::size_t a, std::size_t b) { return a > kUnbounded - b ? kUnbounded : a + b; }
  static std::size_t mul(std::size_t a, std::size_t n) {
    if (a == 0) return 0;
    return n == kUnbounded || n > kUnbounded / a ? kUnbounded : a * n;
  }
  static Width add(Width a, Width b) { return {add(a.bytes, b.bytes), add(a.chars, b.chars)}; }
  // `w` once its last atom, `last` wide, may repeat `times` times.
  static Width repeat(Width w, Width last, std::size_t times) {
    auto one = [times](std::size_t all, std::size_t atom) {
      return all == kUnbounded ? all : add(all - atom, mul(atom, times));
    };
    return {one(w.bytes, last.bytes), one(w.chars, last.chars)};
  }
  static constexpr std::size_t kUnbounded = RelaxedPattern::kUnbounded;

  std::string_view p_;
  std::size_t i_ = 0;
  std::string out_;
  Width atom_width_;             // of one match of the atom just written
  Width lookahead_, lookbehind_;  // widest look-arounds
  std::string class_;           // the byte class of the last class written
};

}  // namespace

bool relax_pattern(std::string_view pattern, RelaxedPattern* out) {
  return Relaxer(pattern).run(out);
}

namespace {

// The characters that start in text[b, e).
std::size_t chars_starting(std::string_view text, std::size_t b, std::size_t e) {
  return e - b - count_continuation_bytes(text.substr(b, e - b));
}

}  // namespace

// n characters take n bytes at least: the bytes still missing are taken, and
// the characters starting in them counted, until n are there.
std::size_t head_end(std::string_view text, Width w) {
  std::size_t limit = std::min(text.size(), w.bytes);
  if (w.chars >= limit) return limit;
  std::size_t end = 0, found = 0;
  while (found < w.chars && end < limit) {
    std::size_t next = std::min(limit, end + (w.chars - found));
    found += chars_starting(text, end, next);
    end = next;
  }
  return next_char_start(text.substr(0, limit), end);  // the last character's other bytes
}

std::size_t tail_begin(std::string_view text, Width w) {
  std::size_t begin = text.size() - std::min(text.size(), w.bytes);
  if (w.chars < text.size() - begin) {
    std::size_t b = text.size(), found = 0;
    while (found < w.chars && b > begin) {
      std::size_t next = b - std::min(b - begin, w.chars - found);
      found += chars_starting(text, next, b);
      b = next;
    }
    begin = b;
  }
  return char_start(text, begin);
}

}  // namespace normalize::internal

#include "pipeline/frontier_cache.hpp"

#include <fmt/format.h>
#include <gdal.h>
#include <geos_c.h>
#include <proj.h>

#include <dlfcn.h>
#include <sys/stat.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <system_error>

#include "engine/core/binary.hpp"
#include "engine/core/error.hpp"
#include "engine/core/sha256.hpp"
#include "geodata/atomic_output.hpp"
#include "geodata/readers.hpp"
#include "pipeline/run_support.hpp"

namespace fs = std::filesystem;

namespace borderflow::pipeline {
namespace {

// Bump when anything that shapes a cached value changes its result: the
// readers' repair, the frontier's projection or densification, derive_borders,
// or this encoding.
constexpr std::uint32_t kFormat = 1;
constexpr char kMagic[8] = {'B', 'F', 'C', 'A', 'C', 'H', 'E', '\0'};
constexpr std::size_t kHeader = sizeof kMagic + 4 + 4 + 64 + 8 + 64;

// The program or library this code is in, by size and modification time: a
// rebuild (a developer's change that forgot kFormat, an upgrade) misses.
std::string build_identity() {
  Dl_info info{};
  if (!dladdr(reinterpret_cast<const void*>(&cache_folder), &info) || !info.dli_fname) return "unknown build";
  struct stat st {};
  if (::stat(info.dli_fname, &st) != 0) return "unknown build";
  return fmt::format("{} bytes, modified {}.{:09d}", st.st_size, st.st_mtim.tv_sec, st.st_mtim.tv_nsec);
}

std::string versions() {
  const PJ_INFO pj = proj_info();
  static const std::string build = build_identity();
  return fmt::format("borderflow {} ({}) cache {}; GEOS {}; GDAL {}; PROJ {}", BORDERFLOW_VERSION, build, kFormat,
                     GEOSversion(), GDALVersionInfo("RELEASE_NAME"), pj.release ? pj.release : "?");
}

// What an input is for a key: its spec and checksums, or nullopt when it is
// not a plain file (a database, a folder): such inputs are not cached.
std::optional<std::string> content_of(const std::string& spec) {
  if (spec.empty()) return std::string("none");
  const std::optional<nlohmann::json> c = file_checksum(spec);
  if (!c) return std::nullopt;
  return spec + " " + c->dump();
}

std::string key_of(const std::string& material) {
  Sha256 h;
  h.update(material);
  return h.hex();
}

// ------------------------------------------------------------------ codec

void put(binary::Writer& w, const InputLocation& l) {
  w.str(l.path);
  w.str(l.layer);
  w.pod<std::uint8_t>(l.feature.has_value());
  w.pod<std::int64_t>(l.feature.value_or(0));
  w.pod<std::uint8_t>(l.line.has_value());
  w.pod<std::int64_t>(l.line.value_or(0));
}

InputLocation get_location(binary::Reader& r) {
  InputLocation l;
  l.path = r.str();
  l.layer = r.str();
  const auto has_feature = r.pod<std::uint8_t>();
  const auto feature = r.pod<std::int64_t>();
  const auto has_line = r.pod<std::uint8_t>();
  const auto line = r.pod<std::int64_t>();
  if (has_feature) l.feature = feature;
  if (has_line) l.line = line;
  return l;
}

// ------------------------------------------------------------------ files

struct Store {
  std::string dir;  // "" = off
  std::uint64_t max_bytes = 0;

  std::string path_of(char kind, const std::string& key) const {
    return (fs::path(dir) / (std::string(1, kind) + "-" + key + ".bfc")).string();
  }

  // The payload of entry `key`, when it is there and sound; a damaged or
  // foreign entry is a warning.
  std::optional<std::string> find(char kind, const std::string& key, Diagnostics& d) const {
    const std::string path = path_of(kind, key);
    std::error_code ec;
    if (!fs::is_regular_file(path, ec)) return std::nullopt;
    std::ifstream f(path, std::ios::binary);
    std::stringstream ss;
    ss << f.rdbuf();
    if (!f && !f.eof()) return std::nullopt;
    const std::string bytes = ss.str();
    auto refuse = [&](const std::string& why) -> std::optional<std::string> {
      d.warn(InputLocation(path), "cache entry ignored (" + why + "); the frontier is built again and the entry replaced");
      return std::nullopt;
    };
    if (bytes.size() < kHeader || !std::equal(kMagic, kMagic + sizeof kMagic, bytes.begin()))
      return refuse("not a borderflow cache entry, or truncated");
    binary::Reader r(std::string_view(bytes).substr(sizeof kMagic, kHeader - sizeof kMagic));
    if (r.pod<std::uint32_t>() != binary::kByteOrderMark) return refuse("written on a machine of another byte order");
    if (r.pod<std::uint32_t>() != kFormat) return refuse("written by another version of borderflow");
    std::string stored_key(bytes.data() + sizeof kMagic + 8, 64);
    if (stored_key != key) return refuse("it belongs to other inputs");
    std::uint64_t length = 0;
    std::memcpy(&length, bytes.data() + sizeof kMagic + 8 + 64, 8);
    const std::string stored_sha(bytes.data() + sizeof kMagic + 8 + 64 + 8, 64);
    if (length != bytes.size() - kHeader) return refuse("truncated: its length does not match its header");
    Sha256 h;
    h.update(bytes.data() + kHeader, bytes.size() - kHeader);
    if (h.hex() != stored_sha) return refuse("its contents do not match their SHA-256: damaged or altered");
    fs::last_write_time(path, fs::file_time_type::clock::now(), ec);  // last use, for the eviction
    return bytes.substr(kHeader);
  }

  // False (with a warning) when the entry could not be written.
  bool store(char kind, const std::string& key, const std::string& payload, Diagnostics& d) const {
    const std::string path = path_of(kind, key);
    try {
      std::error_code ec;
      fs::create_directories(dir, ec);
      if (ec) throw OutputError(dir, "cannot create the cache folder (" + ec.message() + ")", "");
      binary::Writer w;
      w.pod<std::uint32_t>(binary::kByteOrderMark);
      w.pod<std::uint32_t>(kFormat);
      std::string header(kMagic, sizeof kMagic);
      header += w.bytes();
      header += key;
      const std::uint64_t length = payload.size();
      header.append(reinterpret_cast<const char*>(&length), 8);
      Sha256 h;
      h.update(payload);
      header += h.hex();
      geodata::write_file_atomically(path, header + payload);
    } catch (const std::exception& e) {
      d.warn(InputLocation(path), std::string("the frontier cache could not be written: ") + e.what() +
                                      " (the run goes on without it; free space or set `cache_dir`)");
      return false;
    }
    evict(path);
    return true;
  }

  // Least recently used entries out until the folder fits max_bytes; the
  // entry just written stays.
  void evict(const std::string& keep) const {
    struct Entry {
      fs::file_time_type used;
      std::uint64_t size;
      fs::path path;
    };
    std::vector<Entry> entries;
    std::uint64_t total = 0;
    std::error_code ec;
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
      if (it->path().extension() != ".bfc" || !it->is_regular_file(ec)) continue;
      const auto size = it->file_size(ec);
      const auto used = it->last_write_time(ec);
      if (ec) continue;
      total += size;
      if (it->path() != fs::path(keep)) entries.push_back({used, size, it->path()});
    }
    std::sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) {
      return a.used != b.used ? a.used < b.used : a.path < b.path;
    });
    for (const Entry& e : entries) {
      if (total <= max_bytes) break;
      if (fs::remove(e.path, ec)) total -= e.size;
    }
  }
};

Store store_of(const CacheSettings& s) {
  if (!(s.max_mb >= 0.0) || !std::isfinite(s.max_mb))
    throw UsageError("`cache_max_mb` must be a finite number >= 0 (megabytes; 0 keeps only the newest entry)");
  Store st;
  st.dir = cache_folder(s);
  st.max_bytes = static_cast<std::uint64_t>(s.max_mb * 1024.0 * 1024.0);
  return st;
}

}  // namespace

std::string cache_folder(const CacheSettings& s) {
  if (!s.enabled) return {};
  fs::path base;
  if (!s.dir.empty()) return (fs::path(s.dir) / "frontier").string();
  if (const char* x = std::getenv("XDG_CACHE_HOME"); x && *x) base = fs::path(x) / "borderflow";
  else if (const char* h = std::getenv("HOME"); h && *h) base = fs::path(h) / ".cache" / "borderflow";
  else return {};
  return (base / "frontier").string();
}

std::string encode_border_read(const geodata::BorderRead& b, const std::vector<Warning>& warnings) {
  binary::Writer w;
  w.str(b.id_field);
  w.str(b.source_crs);
  w.u64(b.validity.features);
  w.u64(b.validity.repaired);
  w.u64(b.validity.notes.size());
  for (const auto& n : b.validity.notes) w.str(n);
  w.u64(b.input.units.size());
  for (const auto& u : b.input.units) {
    w.str(u.id);
    w.str(u.name);
    put(w, u.origin);
    w.area(u.area);
  }
  w.u64(b.input.lines.size());
  for (const auto& l : b.input.lines) {
    w.str(l.unit_a);
    w.str(l.unit_b);
    put(w, l.origin);
    w.lines(l.path);
  }
  w.u64(warnings.size());
  for (const auto& x : warnings) {
    put(w, x.where);
    w.str(x.message);
  }
  return w.take();
}

geodata::BorderRead decode_border_read(const std::string& bytes, std::vector<Warning>& warnings) {
  binary::Reader r(bytes);
  geodata::BorderRead b;
  b.id_field = r.str();
  b.source_crs = r.str();
  b.validity.features = r.u64();
  b.validity.repaired = r.u64();
  b.validity.notes.resize(r.count(8));
  for (auto& n : b.validity.notes) n = r.str();
  b.input.units.resize(r.count(8));
  for (auto& u : b.input.units) {
    u.id = r.str();
    u.name = r.str();
    u.origin = get_location(r);
    u.area = r.area();
  }
  b.input.lines.resize(r.count(8));
  for (auto& l : b.input.lines) {
    l.unit_a = r.str();
    l.unit_b = r.str();
    l.origin = get_location(r);
    l.path = r.lines();
  }
  warnings.resize(r.count(8));
  for (auto& x : warnings) {
    x.where = get_location(r);
    x.message = r.str();
  }
  if (!r.at_end()) throw binary::DecodeError("bytes after the end");
  return b;
}

std::string encode_frontier(const crossings::PreparedFrontier& f) {
  binary::Writer w;
  w.str(f.projection.target());
  const auto& units = f.frontier.units();
  w.u64(units.size());
  for (const auto& z : units) {
    w.str(z.id);
    w.str(z.name);
    w.area(z.area);
  }
  const auto& land = f.frontier.land_layer();
  w.pod<std::uint8_t>(land.has_value());
  if (land) {
    w.str(land->id);
    w.str(land->name);
    w.area(land->area);
  }
  w.u64(f.borders.size());
  for (const auto& b : f.borders) {
    w.str(b.unit_a);
    w.str(b.unit_b);
    w.lines(b.path);
  }
  return w.take();
}

crossings::PreparedFrontier decode_frontier(const std::string& bytes) {
  binary::Reader r(bytes);
  const std::string target = r.str();
  std::vector<frontier::Zone> units(r.count(8));
  for (auto& z : units) {
    z.id = r.str();
    z.name = r.str();
    z.area = r.area();
  }
  std::optional<frontier::Zone> land;
  if (r.pod<std::uint8_t>()) {
    land.emplace();
    land->id = r.str();
    land->name = r.str();
    land->area = r.area();
  }
  std::vector<frontier::BorderLineOut> borders(r.count(8));
  for (auto& b : borders) {
    b.unit_a = r.str();
    b.unit_b = r.str();
    b.path = r.lines();
  }
  if (!r.at_end()) throw binary::DecodeError("bytes after the end");
  return crossings::PreparedFrontier{geometry::Projection(target),
                                     frontier::Frontier::from_projected(std::move(units), std::move(land)),
                                     std::move(borders)};
}

geodata::BorderReader cached_border_reader(const AnalysisSettings& s, std::string& status, std::string& key) {
  status = "off";
  key.clear();
  const Store st = store_of(s.cache);
  if (st.dir.empty()) return {};
  return [st, &status, &key](const std::string& spec, const geodata::BorderReadOptions& o, Diagnostics& d) {
    const std::optional<std::string> content = content_of(spec);
    if (!content) {
      status = "off (the borders are not a file)";
      return geodata::read_borders(spec, o, d);
    }
    key = key_of(versions() + "\nborders " + *content + "\nborder_id " + o.id_field + "\nassume_crs " + o.assume_crs);
    if (auto payload = st.find('b', key, d)) {
      try {
        std::vector<Warning> warnings;
        geodata::BorderRead read = decode_border_read(*payload, warnings);
        for (auto& w : warnings) d.warn(std::move(w.where), std::move(w.message));
        status = "hit";
        return read;
      } catch (const binary::DecodeError& e) {
        d.warn(InputLocation(st.path_of('b', key)),
               std::string("cache entry ignored (it does not decode: ") + e.what() + "); the borders are read again");
      }
    }
    const std::size_t before = d.warnings().size();
    geodata::BorderRead read = geodata::read_borders(spec, o, d);
    const std::vector<Warning> warnings(d.warnings().begin() + static_cast<std::ptrdiff_t>(before), d.warnings().end());
    status = st.store('b', key, encode_border_read(read, warnings), d) ? "stored" : "miss (not stored)";
    return read;
  };
}

crossings::PreparedFrontier cached_frontier(const geodata::LoadedInputs& in, const AnalysisSettings& s,
                                            const crossings::CrossingAnalysisOptions& o, Diagnostics& d,
                                            std::string& status) {
  auto build = [&] {
    return crossings::prepare_frontier(in.borders.input, in.working_crs.definition,
                                       in.coast ? std::optional(in.coast->land) : std::nullopt,
                                       in.coast ? std::optional(in.coast->lines) : std::nullopt, o);
  };
  const Store st = store_of(s.cache);
  status = "off";
  if (st.dir.empty() || in.borders_cache_key.empty()) return build();
  const std::optional<std::string> coast = content_of(s.inputs.coast);
  if (!coast) {
    status = "off (the coast is not a file)";
    return build();
  }
  const std::string key =
      key_of(versions() + "\nborders key " + in.borders_cache_key + "\ncoast " + *coast + "\nassume_crs " +
             s.inputs.assume_crs + "\nworking_crs " + in.working_crs.definition +
             fmt::format("\ndensify_deg {:.17g}\nsnap_m {:.17g}", o.crossing.densify_deg, o.borders.snap_m));
  if (auto payload = st.find('f', key, d)) {
    try {
      crossings::PreparedFrontier f = decode_frontier(*payload);
      status = "hit";
      return f;
    } catch (const binary::DecodeError& e) {
      d.warn(InputLocation(st.path_of('f', key)),
             std::string("cache entry ignored (it does not decode: ") + e.what() + "); the frontier is built again");
    }
  }
  crossings::PreparedFrontier f = build();
  status = st.store('f', key, encode_frontier(f), d) ? "stored" : "miss (not stored)";
  return f;
}

}  // namespace borderflow::pipeline

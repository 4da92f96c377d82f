#include "geodata/detail/gpkg_rtree.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <cstring>
#include <memory>
#include <numeric>

#include "engine/core/error.hpp"

namespace borderflow::geodata::detail {
namespace {

// SQLite stores an R*Tree's coordinates as 32-bit floats, a box's minimum
// rounded down and its maximum up so that the stored box holds the true one
// (rtreeValueDown / rtreeValueUp in ext/rtree/rtree.c; the same expressions,
// so that an index built here holds the values an insert through SQLite would).
float value_down(double d) {
  float f = static_cast<float>(d);
  if (static_cast<double>(f) > d) f = static_cast<float>(d * (d < 0 ? 1.0 + 1.0 / 8388608.0 : 1.0 - 1.0 / 8388608.0));
  return f;
}
float value_up(double d) {
  float f = static_cast<float>(d);
  if (static_cast<double>(f) < d) f = static_cast<float>(d * (d < 0 ? 1.0 - 1.0 / 8388608.0 : 1.0 + 1.0 / 8388608.0));
  return f;
}

struct Cell {
  std::int64_t id;  // a feature id in a leaf, a node number above
  float box[4];     // minx, maxx, miny, maxy
};

// Position along a Hilbert curve over a 2^16 x 2^16 grid.
std::uint64_t hilbert(std::uint32_t x, std::uint32_t y) {
  std::uint64_t d = 0;
  for (std::uint32_t s = 1u << 15; s > 0; s >>= 1) {
    const std::uint32_t rx = (x & s) ? 1 : 0;
    const std::uint32_t ry = (y & s) ? 1 : 0;
    d += static_cast<std::uint64_t>(s) * s * ((3 * rx) ^ ry);
    if (ry == 0) {
      if (rx == 1) {
        x = s - 1 - x;
        y = s - 1 - y;
      }
      std::swap(x, y);
    }
  }
  return d;
}

std::string quoted(const std::string& name) {  // an SQL identifier
  std::string out = "\"";
  for (char c : name) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + '"';
}
std::string literal(const std::string& text) {  // an SQL string
  std::string out = "'";
  for (char c : text) out += c == '\'' ? std::string("''") : std::string(1, c);
  return out + '\'';
}

void put16(unsigned char* p, unsigned v) {
  p[0] = static_cast<unsigned char>(v >> 8);
  p[1] = static_cast<unsigned char>(v);
}
void put32(unsigned char* p, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) p[i] = static_cast<unsigned char>(v >> (24 - 8 * i));
}
void put64(unsigned char* p, std::uint64_t v) {
  for (int i = 0; i < 8; ++i) p[i] = static_cast<unsigned char>(v >> (56 - 8 * i));
}

class Db {
 public:
  Db(const std::string& path, const std::string& shown) : shown_(shown) {
    if (sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK) fail("cannot open it");
  }
  ~Db() {
    for (sqlite3_stmt* s : statements_) sqlite3_finalize(s);
    sqlite3_close(db_);
  }
  Db(const Db&) = delete;
  Db& operator=(const Db&) = delete;

  void exec(const std::string& sql) {
    if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, nullptr) != SQLITE_OK) fail("cannot write the spatial index");
  }
  sqlite3_stmt* prepare(const std::string& sql) {
    sqlite3_stmt* s = nullptr;
    if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &s, nullptr) != SQLITE_OK) fail("cannot write the spatial index");
    statements_.push_back(s);
    return s;
  }
  void step(sqlite3_stmt* s) {
    if (sqlite3_step(s) != SQLITE_DONE) fail("cannot write the spatial index");
    sqlite3_reset(s);
  }
  std::int64_t integer(const std::string& sql) {
    sqlite3_stmt* s = prepare(sql);
    if (sqlite3_step(s) != SQLITE_ROW) fail("cannot read back the spatial index");
    const std::int64_t v = sqlite3_column_int64(s, 0);
    sqlite3_reset(s);
    return v;
  }
  [[noreturn]] void fail(const std::string& what) {
    const std::string message = db_ ? sqlite3_errmsg(db_) : "out of memory";
    throw OutputError(shown_, what + " (SQLite: " + message + ")", "check free disk space");
  }

 private:
  sqlite3* db_ = nullptr;
  std::string shown_;
  std::vector<sqlite3_stmt*> statements_;
};

void create_triggers(Db& db, const std::string& t, const std::string& c) {
  // GDAL 3.6's triggers (ogrgeopackagetablelayer.cpp), those of GeoPackage 1.2's
  // rtree extension; tests/cli/gpkg_index_check.py compares them with GDAL's.
  const std::string rt = "rtree_" + t + "_" + c;
  const std::string T = quoted(t), C = quoted(c), R = quoted(rt);
  const std::string values = " VALUES (NEW.\"fid\",ST_MinX(NEW." + C + "), ST_MaxX(NEW." + C + "),ST_MinY(NEW." + C +
                             "), ST_MaxY(NEW." + C + "))";
  db.exec("CREATE TRIGGER " + quoted(rt + "_insert") + " AFTER INSERT ON " + T + " WHEN (new." + C +
          " NOT NULL AND NOT ST_IsEmpty(NEW." + C + ")) BEGIN INSERT OR REPLACE INTO " + R + values + "; END");
  db.exec("CREATE TRIGGER " + quoted(rt + "_update1") + " AFTER UPDATE OF " + C + " ON " + T +
          " WHEN OLD.\"fid\" = NEW.\"fid\" AND (NEW." + C + " NOTNULL AND NOT ST_IsEmpty(NEW." + C +
          ")) BEGIN INSERT OR REPLACE INTO " + R + values + "; END");
  db.exec("CREATE TRIGGER " + quoted(rt + "_update2") + " AFTER UPDATE OF " + C + " ON " + T +
          " WHEN OLD.\"fid\" = NEW.\"fid\" AND (NEW." + C + " ISNULL OR ST_IsEmpty(NEW." + C +
          ")) BEGIN DELETE FROM " + R + " WHERE id = OLD.\"fid\"; END");
  db.exec("CREATE TRIGGER " + quoted(rt + "_update3") + " AFTER UPDATE ON " + T +
          " WHEN OLD.\"fid\" != NEW.\"fid\" AND (NEW." + C + " NOTNULL AND NOT ST_IsEmpty(NEW." + C +
          ")) BEGIN DELETE FROM " + R + " WHERE id = OLD.\"fid\"; INSERT OR REPLACE INTO " + R + values + "; END");
  db.exec("CREATE TRIGGER " + quoted(rt + "_update4") + " AFTER UPDATE ON " + T +
          " WHEN OLD.\"fid\" != NEW.\"fid\" AND (NEW." + C + " ISNULL OR ST_IsEmpty(NEW." + C +
          ")) BEGIN DELETE FROM " + R + " WHERE id IN (OLD.\"fid\", NEW.\"fid\"); END");
  db.exec("CREATE TRIGGER " + quoted(rt + "_delete") + " AFTER DELETE ON " + T + " WHEN old." + C +
          " NOT NULL BEGIN DELETE FROM " + R + " WHERE id = OLD.\"fid\"; END");
}

// Packs the boxes into the empty R*Tree `rt`: leaves of consecutive boxes
// along the Hilbert curve, then nodes of consecutive nodes, as full as the
// node size allows and evenly filled within a level, up to the root (node 1).
void pack(Db& db, const std::string& rt, const std::vector<Envelope>& boxes) {
  if (boxes.empty()) return;
  const std::int64_t node_size = db.integer("SELECT length(data) FROM " + quoted(rt + "_node") + " WHERE nodeno = 1");
  constexpr std::int64_t kCellBytes = 8 + 4 * 4;
  const std::size_t capacity = static_cast<std::size_t>((node_size - 4) / kCellBytes);
  if (capacity < 2) db.fail("unexpected R*Tree node size " + std::to_string(node_size));

  double x0 = boxes[0].minx, x1 = boxes[0].maxx, y0 = boxes[0].miny, y1 = boxes[0].maxy;
  for (const Envelope& e : boxes) {
    x0 = std::min(x0, e.minx);
    x1 = std::max(x1, e.maxx);
    y0 = std::min(y0, e.miny);
    y1 = std::max(y1, e.maxy);
  }
  auto grid = [](double v, double lo, double hi) {
    const double t = hi > lo ? (v - lo) / (hi - lo) : 0.0;
    return static_cast<std::uint32_t>(std::clamp(t, 0.0, 1.0) * 65535.0);
  };
  std::vector<std::pair<std::uint64_t, std::size_t>> order(boxes.size());
  for (std::size_t i = 0; i < boxes.size(); ++i) {
    const Envelope& e = boxes[i];
    order[i] = {hilbert(grid(0.5 * (e.minx + e.maxx), x0, x1), grid(0.5 * (e.miny + e.maxy), y0, y1)), i};
  }
  std::sort(order.begin(), order.end(), [&](const auto& a, const auto& b) {
    return a.first != b.first ? a.first < b.first : boxes[a.second].fid < boxes[b.second].fid;
  });
  std::vector<Cell> level;
  level.reserve(boxes.size());
  for (const auto& [h, i] : order) {
    const Envelope& e = boxes[i];
    level.push_back({e.fid, {value_down(e.minx), value_up(e.maxx), value_down(e.miny), value_up(e.maxy)}});
  }

  sqlite3_stmt* put_node = db.prepare("INSERT OR REPLACE INTO " + quoted(rt + "_node") + " (nodeno, data) VALUES (?, ?)");
  sqlite3_stmt* put_rowid = db.prepare("INSERT INTO " + quoted(rt + "_rowid") + " (rowid, nodeno) VALUES (?, ?)");
  sqlite3_stmt* put_parent = db.prepare("INSERT INTO " + quoted(rt + "_parent") + " (nodeno, parentnode) VALUES (?, ?)");
  std::vector<unsigned char> blob(static_cast<std::size_t>(node_size));
  std::int64_t next_node = 2;
  for (unsigned depth = 0;; ++depth) {
    const std::size_t nodes = (level.size() + capacity - 1) / capacity;
    const bool root = nodes == 1;
    std::vector<Cell> above;
    above.reserve(nodes);
    for (std::size_t k = 0; k < nodes; ++k) {
      const std::size_t begin = k * level.size() / nodes, end = (k + 1) * level.size() / nodes;
      const std::int64_t node = root ? 1 : next_node++;
      std::fill(blob.begin(), blob.end(), 0);
      if (root) put16(blob.data(), depth);  // the tree's depth, kept in the root only
      put16(blob.data() + 2, static_cast<unsigned>(end - begin));
      Cell bound = {node, {level[begin].box[0], level[begin].box[1], level[begin].box[2], level[begin].box[3]}};
      for (std::size_t i = begin; i < end; ++i) {
        const Cell& cell = level[i];
        unsigned char* p = blob.data() + 4 + kCellBytes * (i - begin);
        put64(p, static_cast<std::uint64_t>(cell.id));
        for (int j = 0; j < 4; ++j) {
          std::uint32_t bits;
          std::memcpy(&bits, &cell.box[j], 4);
          put32(p + 8 + 4 * j, bits);
        }
        bound.box[0] = std::min(bound.box[0], cell.box[0]);
        bound.box[1] = std::max(bound.box[1], cell.box[1]);
        bound.box[2] = std::min(bound.box[2], cell.box[2]);
        bound.box[3] = std::max(bound.box[3], cell.box[3]);
        sqlite3_stmt* link = depth == 0 ? put_rowid : put_parent;
        sqlite3_bind_int64(link, 1, cell.id);
        sqlite3_bind_int64(link, 2, node);
        db.step(link);
      }
      sqlite3_bind_int64(put_node, 1, node);
      sqlite3_bind_blob(put_node, 2, blob.data(), static_cast<int>(blob.size()), SQLITE_TRANSIENT);
      db.step(put_node);
      above.push_back(bound);
    }
    if (root) break;
    level = std::move(above);
  }
}

}  // namespace

void add_rtree_indexes(const std::string& path, const std::vector<RtreeLayer>& layers, const std::string& shown_path) {
  if (layers.empty()) return;
  Db db(path, shown_path);
  // The file is a temporary that is thrown away unless this succeeds: no
  // journal on disk is needed; the commit still syncs the file.
  db.exec("PRAGMA journal_mode = MEMORY");
  db.exec("BEGIN");
  db.exec(
      "CREATE TABLE IF NOT EXISTS gpkg_extensions (table_name TEXT,column_name TEXT,extension_name TEXT NOT NULL,"
      "definition TEXT NOT NULL,scope TEXT NOT NULL,CONSTRAINT ge_tce UNIQUE (table_name, column_name, extension_name))");
  for (const RtreeLayer& layer : layers) {
    const std::string rt = "rtree_" + layer.table + "_" + layer.column;
    db.exec("CREATE VIRTUAL TABLE " + quoted(rt) + " USING rtree(id, minx, maxx, miny, maxy)");
    pack(db, rt, layer.boxes);
    create_triggers(db, layer.table, layer.column);
    db.exec("INSERT INTO gpkg_extensions (table_name,column_name,extension_name,definition,scope) VALUES (" +
            literal(layer.table) + ", " + literal(layer.column) +
            ", 'gpkg_rtree_index', 'http://www.geopackage.org/spec120/#extension_rtree', 'write-only')");
  }
  db.exec("COMMIT");
}

}  // namespace borderflow::geodata::detail

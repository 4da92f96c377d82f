#include "geodata/layer_writer.hpp"

#include <gdal_priv.h>
#include <ogrsf_frmts.h>
#include <unistd.h>

#include <cctype>
#include <cmath>
#include <map>
#include <cerrno>
#include <filesystem>
#include <system_error>

#include "engine/core/error.hpp"
#include "geodata/gdal_env.hpp"
#include "engine/protection/disclosure.hpp"

namespace fs = std::filesystem;

namespace borderflow::geodata {
namespace {

std::unique_ptr<OGRGeometry> to_ogr(const Geometry& g);

OGRLinearRing ogr_ring(const geometry::Ring& r) {
  OGRLinearRing ring;
  ring.setNumPoints(static_cast<int>(r.size()), false);
  for (std::size_t i = 0; i < r.size(); ++i) ring.setPoint(static_cast<int>(i), r[i].x, r[i].y);
  ring.closeRings();
  return ring;
}

std::unique_ptr<OGRPolygon> ogr_polygon(const geometry::Polygon& p) {
  auto poly = std::make_unique<OGRPolygon>();
  OGRLinearRing shell = ogr_ring(p.shell);
  poly->addRing(&shell);
  for (const auto& h : p.holes) {
    OGRLinearRing hole = ogr_ring(h);
    poly->addRing(&hole);
  }
  return poly;
}

std::unique_ptr<OGRLineString> ogr_line(const geometry::LineString& l) {
  auto line = std::make_unique<OGRLineString>();
  line->setNumPoints(static_cast<int>(l.size()), false);
  for (std::size_t i = 0; i < l.size(); ++i) line->setPoint(static_cast<int>(i), l[i].x, l[i].y);
  return line;
}

struct ToOgr {
  std::unique_ptr<OGRGeometry> operator()(std::monostate) const { return nullptr; }
  std::unique_ptr<OGRGeometry> operator()(const geometry::Coord& c) const { return std::make_unique<OGRPoint>(c.x, c.y); }
  std::unique_ptr<OGRGeometry> operator()(const geometry::LineString& l) const { return ogr_line(l); }
  std::unique_ptr<OGRGeometry> operator()(const geometry::MultiLineString& ml) const {
    auto m = std::make_unique<OGRMultiLineString>();
    for (const auto& l : ml) m->addGeometryDirectly(ogr_line(l).release());
    return m;
  }
  std::unique_ptr<OGRGeometry> operator()(const geometry::Polygon& p) const { return ogr_polygon(p); }
  std::unique_ptr<OGRGeometry> operator()(const geometry::MultiPolygon& mp) const {
    auto m = std::make_unique<OGRMultiPolygon>();
    for (const auto& p : mp) m->addGeometryDirectly(ogr_polygon(p).release());
    return m;
  }
};

std::unique_ptr<OGRGeometry> to_ogr(const Geometry& g) { return std::visit(ToOgr{}, g); }

OGRwkbGeometryType ogr_type(GeometryType t) {
  switch (t) {
    case GeometryType::none: return wkbNone;
    case GeometryType::point: return wkbPoint;
    case GeometryType::line: return wkbMultiLineString;
    case GeometryType::polygon: return wkbMultiPolygon;
  }
  return wkbUnknown;
}

OGRFieldType ogr_field_type(FieldType t) {
  switch (t) {
    case FieldType::integer: return OFTInteger64;
    case FieldType::real: return OFTReal;
    case FieldType::text: return OFTString;
    case FieldType::boolean: return OFTInteger;
  }
  return OFTString;
}

std::string text_lower_ext(const fs::path& p) {
  std::string ext = p.extension().string();
  for (char& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return ext;
}

}  // namespace

std::vector<std::string> vector_output_drivers() {
  ensure_gdal();
  std::vector<std::string> names;
  GDALDriverManager* dm = GetGDALDriverManager();
  for (int i = 0; i < dm->GetDriverCount(); ++i) {
    GDALDriver* d = dm->GetDriver(i);
    if (d->GetMetadataItem(GDAL_DCAP_VECTOR) && d->GetMetadataItem(GDAL_DCAP_CREATE)) names.emplace_back(d->GetDescription());
  }
  return names;
}

OutputDataset::OutputDataset(std::string path, std::string driver) : path_(std::move(path)), driver_(std::move(driver)) {
  ensure_gdal();
  GDALDriver* drv = GetGDALDriverManager()->GetDriverByName(driver_.c_str());
  if (!drv || !drv->GetMetadataItem(GDAL_DCAP_VECTOR) || !drv->GetMetadataItem(GDAL_DCAP_CREATE)) {
    std::string list;
    for (const auto& n : vector_output_drivers()) list += (list.empty() ? "" : ", ") + n;
    throw UsageError("`driver` " + driver_ + ": not a GDAL driver that can write vector data\n  hint: use one of: " + list);
  }
  const fs::path target = fs::absolute(path_);
  std::error_code ec;
  const fs::path dir = target.parent_path();
  if (!fs::is_directory(dir, ec))
    throw OutputError(path_, "the folder " + dir.string() + " does not exist", "create it first or choose another `output`");
  if (::access(dir.c_str(), W_OK) != 0)
    throw OutputError(path_, "the folder " + dir.string() + " is not writable", "choose an output folder you can write to");
  if (driver_ == "ESRI Shapefile" && text_lower_ext(target) == ".shp")
    throw UsageError("`output` " + path_ + ": a Shapefile holds one layer; give a folder name (e.g. `output` results) "
                     "and each layer becomes a .shp in it");
  if (fs::is_directory(target, ec) && driver_ != "ESRI Shapefile")
    throw OutputError(path_, "this is a directory", "give a file name, e.g. `output` out.gpkg");
  output_ = std::make_unique<AtomicOutput>(path_);
  take_gdal_error();
  ds_ = drv->Create(output_->temp_path().c_str(), 0, 0, 0, GDT_Unknown, nullptr);
  if (!ds_) throw OutputError(path_, "GDAL cannot create the output (" + take_gdal_error() + ")", "check free disk space and permissions");
  if (ds_->TestCapability(ODsCTransactions) && ds_->StartTransaction() == OGRERR_NONE) in_transaction_ = true;
  bulk_index_ = driver_ == "GPKG";
}

OutputDataset::~OutputDataset() { discard(); }

void OutputDataset::discard() noexcept {
  if (ds_) {
    if (in_transaction_) ds_->RollbackTransaction();
    GDALClose(GDALDataset::ToHandle(ds_));
    ds_ = nullptr;
  }
  if (output_ && !output_->committed()) output_->discard();
}

LayerWriter& OutputDataset::create_layer(const std::string& name, GeometryType type, std::vector<FieldSpec> fields) {
  if (!ds_) throw Error("OutputDataset::create_layer after commit", ExitCode::internal);
  OGRSpatialReference wgs84;
  wgs84.SetWellKnownGeogCS("WGS84");
  wgs84.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  take_gdal_error();
  const bool bulk_index = bulk_index_ && type != GeometryType::none;
  const char* no_index[] = {"SPATIAL_INDEX=NO", nullptr};
  OGRLayer* layer = ds_->CreateLayer(name.c_str(), type == GeometryType::none ? nullptr : &wgs84, ogr_type(type),
                                     bulk_index ? const_cast<char**>(no_index) : nullptr);
  if (!layer)
    throw OutputError(path_, "cannot create layer '" + name + "' with driver " + driver_ + " (" + take_gdal_error() + ")",
                      "this driver may hold only one layer per file; use the default GeoPackage");
  for (const FieldSpec& f : fields) {
    OGRFieldDefn defn(f.name.c_str(), ogr_field_type(f.type));
    if (f.type == FieldType::boolean) defn.SetSubType(OFSTBoolean);
    if (layer->CreateField(&defn) != OGRERR_NONE)
      throw OutputError(path_, "cannot create field '" + f.name + "' in layer '" + name + "' (" + take_gdal_error() + ")");
  }
  layers_.push_back(LayerWriter(layer, name, std::move(fields), path_));
  if (bulk_index)
    layers_.back().index_ = std::make_unique<detail::RtreeLayer>(
        detail::RtreeLayer{layer->GetName(), layer->GetGeometryColumn(), {}});
  return layers_.back();
}

LayerWriter& OutputDataset::create_layer(const std::string& name, GeometryType type, std::vector<FieldSpec> fields,
                                         ProtectionRule rule) {
  fields.push_back({"suppressed", FieldType::boolean});
  LayerWriter& layer = create_layer(name, type, std::move(fields));
  layer.rule_ = std::move(rule);
  return layer;
}

void LayerWriter::add(const Geometry& geometry, const std::vector<FieldValue>& values) {
  const std::size_t expected = fields_.size() - (rule_ ? 1 : 0);
  if (values.size() != expected)
    throw Error("layer " + name_ + ": " + std::to_string(values.size()) + " values for " + std::to_string(expected) +
                    " fields", ExitCode::internal);
  if (rule_) {
    if (finished_)
      throw Error("layer " + name_ + ": a row added after the layers were finished", ExitCode::internal);
    kept_.emplace_back(geometry, values);
    ++count_;
    return;
  }
  write(geometry, values);
  ++count_;
}

namespace {

std::optional<double> number_of(const FieldValue& v) {
  if (const auto* d = std::get_if<double>(&v)) return std::isnan(*d) ? std::nullopt : std::optional<double>(*d);
  if (const auto* i = std::get_if<std::int64_t>(&v)) return static_cast<double>(*i);
  return std::nullopt;
}

std::string key_text(const FieldValue& v) {
  if (const auto* t = std::get_if<std::string>(&v)) return "s" + *t;
  if (const auto* i = std::get_if<std::int64_t>(&v)) return "i" + std::to_string(*i);
  if (const auto* d = std::get_if<double>(&v)) return "d" + std::to_string(*d);
  if (const auto* b = std::get_if<bool>(&v)) return *b ? "b1" : "b0";
  return "null";
}

bool names_field(const std::string& pattern, const std::string& field) {
  if (!pattern.empty() && pattern.back() == '*') return field.compare(0, pattern.size() - 1, pattern, 0, pattern.size() - 1) == 0;
  return pattern == field;
}

}  // namespace

void LayerWriter::protect_and_write(double k) {
  const std::size_t n = kept_.size();
  const std::size_t n_fields = fields_.size() - 1;
  auto index_of = [&](const std::string& name) {
    for (std::size_t i = 0; i < n_fields; ++i)
      if (fields_[i].name == name) return i;
    throw Error("layer " + name_ + ": no field '" + name + "' to protect", ExitCode::internal);
  };
  auto indices_of = [&](const std::vector<std::string>& patterns) {
    std::vector<std::size_t> out;
    for (std::size_t i = 0; i < n_fields; ++i)
      for (const auto& p : patterns)
        if (names_field(p, fields_[i].name)) {
          out.push_back(i);
          break;
        }
    return out;
  };
  std::vector<char> flagged(n, 0);
  if (k > 1.0) {
    // The layer's rows as a table for the disclosure rules (engine/protection).
    protection::Table table;
    table.rows = n;
    for (const ProtectedMeasure& pm : rule_->measures) {
      protection::Measure m;
      const std::size_t f = index_of(pm.field);
      m.value.reserve(n);
      for (std::size_t r = 0; r < n; ++r) m.value.push_back(number_of(kept_[r].second[f]));
      if (pm.persons)
        for (std::size_t r = 0; r < n; ++r) m.persons.push_back(pm.persons(r));
      if (pm.also_hide)
        for (std::size_t r = 0; r < n; ++r) m.also_hide.push_back(pm.also_hide(r) ? 1 : 0);
      for (const auto& by : pm.complement_by) {
        std::vector<std::size_t> key_fields;
        for (const auto& name : by) key_fields.push_back(index_of(name));
        std::vector<std::string> keys(n);
        for (std::size_t r = 0; r < n; ++r)
          for (std::size_t kf : key_fields) keys[r] += key_text(kept_[r].second[kf]) + '\x1f';
        m.group_keys.push_back(std::move(keys));
      }
      table.measures.push_back(std::move(m));
    }
    for (const auto& parts : rule_->row_sums) {
      std::vector<std::size_t> ms;
      for (const auto& name : parts)
        for (std::size_t m = 0; m < rule_->measures.size(); ++m)
          if (rule_->measures[m].field == name) ms.push_back(m);
      if (ms.size() == parts.size() && ms.size() > 2) table.row_sums.push_back(std::move(ms));
    }
    const bool by_neighbours = !rule_->neighbour_nulled.empty() && rule_->neighbours;
    if (by_neighbours)
      for (std::size_t r = 0; r < n; ++r) table.neighbours.push_back(rule_->neighbours(r));
    const protection::Withheld w = protection::withhold(table, k);
    for (std::size_t m = 0; m < rule_->measures.size(); ++m) {
      const std::vector<std::size_t> nulled = indices_of(rule_->measures[m].nulled);
      for (std::size_t r = 0; r < n; ++r) {
        if (!w.measure[m][r]) continue;
        for (std::size_t i : nulled) kept_[r].second[i] = std::monostate{};
      }
      hidden_[rule_->measures[m].field] = w.measure[m];
    }
    flagged = w.row;
    if (by_neighbours) {
      const std::vector<std::size_t> nulled = indices_of(rule_->neighbour_nulled);
      for (std::size_t r = 0; r < n; ++r)
        if (w.near[r])
          for (std::size_t i : nulled) kept_[r].second[i] = std::monostate{};
      for (const auto& name : rule_->neighbour_nulled) hidden_[name] = w.near;
    }
  }
  for (std::size_t r = 0; r < n; ++r) {
    write(kept_[r].first, kept_[r].second, flagged[r] != 0);
    suppressed_ += flagged[r];
  }
  kept_.clear();
  kept_.shrink_to_fit();
}

const LayerWriter* OutputDataset::layer(const std::string& name) const {
  for (const LayerWriter& l : layers_)
    if (l.name() == name) return &l;
  return nullptr;
}

const std::vector<char>& LayerWriter::hidden(const std::string& field) const {
  static const std::vector<char> none;
  const auto it = hidden_.find(field);
  return it == hidden_.end() ? none : it->second;
}

std::vector<std::pair<std::string, std::size_t>> OutputDataset::finish_layers() {
  std::vector<std::pair<std::string, std::size_t>> out;
  for (LayerWriter& l : layers_) {
    if (!l.rule_) continue;
    if (!finished_) {
      l.protect_and_write(min_count_);
      l.finished_ = true;
    }
    out.emplace_back(l.name(), l.suppressed());
  }
  finished_ = true;
  return out;
}

void LayerWriter::write(const Geometry& geometry, const std::vector<FieldValue>& values, std::optional<bool> flag) {
  OGRFeature feature(layer_->GetLayerDefn());
  if (flag) feature.SetField(static_cast<int>(values.size()), *flag ? 1 : 0);  // `suppressed`, after the others
  for (std::size_t i = 0; i < values.size(); ++i) {
    const int idx = static_cast<int>(i);
    std::visit(
        [&](const auto& v) {
          using T = std::decay_t<decltype(v)>;
          if constexpr (std::is_same_v<T, std::monostate>) feature.SetFieldNull(idx);
          else if constexpr (std::is_same_v<T, std::int64_t>) feature.SetField(idx, static_cast<GIntBig>(v));
          else if constexpr (std::is_same_v<T, double>) {
            if (std::isnan(v)) feature.SetFieldNull(idx);  // no value (a Gi* z where none is defined)
            else feature.SetField(idx, v);
          }
          else if constexpr (std::is_same_v<T, std::string>) feature.SetField(idx, v.c_str());
          else if constexpr (std::is_same_v<T, bool>) feature.SetField(idx, v ? 1 : 0);
        },
        values[i]);
  }
  if (auto g = to_ogr(geometry)) {
    // Promote single parts to the layer's multi type so every feature has one type.
    const auto layer_type = wkbFlatten(layer_->GetGeomType());
    if (layer_type == wkbMultiLineString || layer_type == wkbMultiPolygon)
      g.reset(OGRGeometryFactory::forceTo(g.release(), layer_->GetGeomType()));
    feature.SetGeometryDirectly(g.release());
  }
  take_gdal_error();
  if (layer_->CreateFeature(&feature) != OGRERR_NONE)
    throw OutputError(path_, "cannot write a feature to layer '" + name_ + "' (" + take_gdal_error() + ")",
                      "check free disk space");
  if (index_) {
    const OGRGeometry* g = feature.GetGeometryRef();
    if (g && !g->IsEmpty()) {
      OGREnvelope e;
      g->getEnvelope(&e);
      index_->boxes.push_back({feature.GetFID(), e.MinX, e.MaxX, e.MinY, e.MaxY});
    }
  }
}

void OutputDataset::close() {
  if (!ds_) throw Error("OutputDataset::close called twice", ExitCode::internal);
  finish_layers();
  take_gdal_error();
  if (in_transaction_ && ds_->CommitTransaction() != OGRERR_NONE)
    throw OutputError(path_, "cannot finish writing (" + take_gdal_error() + ")", "check free disk space");
  in_transaction_ = false;
  ds_->FlushCache(true);
  GDALClose(GDALDataset::ToHandle(ds_));
  ds_ = nullptr;
  const std::string close_error = take_gdal_error();
  if (!close_error.empty())
    throw OutputError(path_, "cannot finish writing (" + close_error + ")", "check free disk space");
  std::vector<detail::RtreeLayer> indexes;
  for (LayerWriter& l : layers_)
    if (l.index_) {
      indexes.push_back(std::move(*l.index_));
      l.index_.reset();
    }
  detail::add_rtree_indexes(output_->temp_path(), indexes, path_);
}

void OutputDataset::commit() {
  close();
  output_->commit();
}

std::vector<std::pair<std::string, std::size_t>> OutputDataset::layer_counts() const {
  std::vector<std::pair<std::string, std::size_t>> out;
  for (const auto& l : layers_) out.emplace_back(l.name(), l.count());
  return out;
}

}  // namespace borderflow::geodata

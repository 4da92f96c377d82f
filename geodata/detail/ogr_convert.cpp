#include "geodata/detail/ogr_convert.hpp"

#include "engine/core/text.hpp"
#include "geodata/gdal_env.hpp"
#include "geodata/source.hpp"

namespace borderflow::geodata::detail {

LonLatTransform::LonLatTransform(OGRLayer& layer, const std::string& path, const std::string& assume_crs) {
  const OGRSpatialReference* layer_srs = layer.GetSpatialRef();
  OGRSpatialReference assumed;
  const InputLocation where{path, layer.GetName()};
  if (!layer_srs) {
    if (assume_crs.empty())
      throw CrsError(where, "the layer has no coordinate reference system",
                     "if its coordinates are longitude/latitude degrees, add `assume_crs` EPSG:4326; "
                     "otherwise give the CRS it was made in, e.g. `assume_crs` EPSG:32646");
    take_gdal_error();
    if (assumed.SetFromUserInput(assume_crs.c_str()) != OGRERR_NONE)
      throw CrsError(where, "`assume_crs` '" + assume_crs + "' is not a CRS GDAL/PROJ knows",
                     "write it as EPSG:4326 or a PROJ string");
    assumed.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    layer_srs = &assumed;
  }
  source_crs_ = describe_srs(layer_srs);
  OGRSpatialReference wgs84;
  wgs84.SetWellKnownGeogCS("WGS84");
  wgs84.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  OGRSpatialReference source(*layer_srs);
  source.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  const char* same_options[] = {"IGNORE_DATA_AXIS_TO_SRS_AXIS_MAPPING=YES", "CRITERION=EQUIVALENT_EXCEPT_AXIS_ORDER_GEOGCRS", nullptr};
  if (source.IsSame(&wgs84, same_options)) return;
  take_gdal_error();
  ct_.reset(OGRCreateCoordinateTransformation(&source, &wgs84));
  if (!ct_)
    throw CrsError(where, "cannot transform from " + source_crs_ + " to EPSG:4326 (" + take_gdal_error() + ")",
                   "check the layer's CRS, or override it with `assume_crs`");
}

void LonLatTransform::apply(OGRGeometry& g, const InputLocation& where) const {
  if (!ct_) return;
  if (g.transform(ct_.get()) != OGRERR_NONE)
    throw GeometryError(where, "its coordinates cannot be transformed from " + source_crs_ + " to lon/lat",
                        "check that the layer's CRS matches its coordinates");
}

InputLocation locate(const std::string& path, OGRLayer& layer, const OGRFeature& f, bool text_table) {
  InputLocation where{path, {}};
  if (text_table) {
    // The CSV driver numbers data rows from 1; the header is line 1.
    where.line = f.GetFID() + 1;
  } else {
    where.layer = layer.GetName();
    where.feature = f.GetFID();
  }
  return where;
}

namespace {

geometry::Ring ring_of(const OGRLinearRing& r) {
  geometry::Ring out;
  out.reserve(static_cast<std::size_t>(r.getNumPoints()));
  for (int i = 0; i < r.getNumPoints(); ++i) out.push_back({r.getX(i), r.getY(i)});
  return out;
}

void add_polygons(const OGRGeometry& g, geometry::MultiPolygon& out) {
  switch (wkbFlatten(g.getGeometryType())) {
    case wkbPolygon: {
      const auto& poly = *g.toPolygon();
      if (poly.IsEmpty()) return;
      geometry::Polygon p;
      p.shell = ring_of(*poly.getExteriorRing());
      for (int i = 0; i < poly.getNumInteriorRings(); ++i) p.holes.push_back(ring_of(*poly.getInteriorRing(i)));
      out.push_back(std::move(p));
      return;
    }
    case wkbMultiPolygon:
    case wkbGeometryCollection:
      for (const OGRGeometry* part : *g.toGeometryCollection()) add_polygons(*part, out);
      return;
    default:
      if (g.hasCurveGeometry()) {
        std::unique_ptr<OGRGeometry> linear(g.getLinearGeometry());
        if (linear) add_polygons(*linear, out);
      }
      return;
  }
}

void add_lines(const OGRGeometry& g, geometry::MultiLineString& out) {
  switch (wkbFlatten(g.getGeometryType())) {
    case wkbLineString: {
      const auto& ls = *g.toLineString();
      geometry::LineString line;
      line.reserve(static_cast<std::size_t>(ls.getNumPoints()));
      for (int i = 0; i < ls.getNumPoints(); ++i) line.push_back({ls.getX(i), ls.getY(i)});
      if (!line.empty()) out.push_back(std::move(line));
      return;
    }
    case wkbMultiLineString:
    case wkbGeometryCollection:
      for (const OGRGeometry* part : *g.toGeometryCollection()) add_lines(*part, out);
      return;
    default:
      if (g.hasCurveGeometry()) {
        std::unique_ptr<OGRGeometry> linear(g.getLinearGeometry());
        if (linear) add_lines(*linear, out);
      }
      return;
  }
}

}  // namespace

geometry::MultiPolygon to_multipolygon(const OGRGeometry& g) {
  geometry::MultiPolygon out;
  add_polygons(g, out);
  return out;
}

geometry::MultiLineString to_lines(const OGRGeometry& g) {
  geometry::MultiLineString out;
  add_lines(g, out);
  return out;
}

std::vector<std::pair<std::string, std::string>> fields_as_text(const OGRFeature& f, const InputLocation& where) {
  std::vector<std::pair<std::string, std::string>> out;
  const OGRFeatureDefn* defn = f.GetDefnRef();
  out.reserve(static_cast<std::size_t>(defn->GetFieldCount()));
  for (int i = 0; i < defn->GetFieldCount(); ++i) {
    std::string name = defn->GetFieldDefn(i)->GetNameRef();
    std::string value = f.IsFieldSetAndNotNull(i) ? f.GetFieldAsString(i) : "";
    if (!text::is_valid_utf8(value))
      throw InputError(where, "field '" + name + "' is not valid UTF-8 text",
                       "save the file with UTF-8 encoding (for a Shapefile, add a .cpg file naming its encoding)");
    out.emplace_back(std::move(name), std::move(value));
  }
  return out;
}

std::optional<std::string> field_value(const std::vector<std::pair<std::string, std::string>>& fields,
                                       std::initializer_list<const char*> names) {
  for (const char* n : names)
    for (const auto& [k, v] : fields)
      if (text::ascii_lower(k) == n) return v;
  return std::nullopt;
}

}  // namespace borderflow::geodata::detail

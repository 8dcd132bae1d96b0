# Reference values of Getis-Ord Gi* (self included) from R spdep localG for the Northumbria
# anti-social-behaviour records of 2022, in British National Grid (EPSG:27700), for
# test/shell/northumbria.sh.  Run from the repository root:  Rscript test/reference/northumbria.R
# Writes test/reference/gistar_northumbria.csv and gistar_northumbria_areal.csv (commit them).
#
#   gistar_northumbria.csv        every record with coordinates, projected by sf (PROJ) to
#                                 27700, binned at 2 km; a dense grid over the data extent with
#                                 zero cells; distance 4 km (dnearneigh, upper bound inclusive)
#   gistar_northumbria_areal.csv  the 6 local-authority districts, record counts per district
#                                 (st_intersects), queen contiguity (poly2nb)
suppressPackageStartupMessages({ library(spdep); library(sf) })
data_dir <- "../shared/data"
out_dir <- "test/reference"
fmt <- function(v) formatC(v, digits = 17, format = "g")

asb <- read.delim(file.path(data_dir, "northumbria_asb_2022.tab"), quote = "")
asb <- asb[is.finite(asb$longitude) & is.finite(asb$latitude) & asb$longitude != 0 & asb$latitude != 0, ]
pts <- st_transform(st_as_sf(asb, coords = c("longitude", "latitude"), crs = 4326), 27700)
xy <- st_coordinates(pts)
cell <- 2000
tc <- floor(xy[, 1] / cell); tr <- floor(xy[, 2] / cell)
grid <- expand.grid(col = min(tc):max(tc), row = min(tr):max(tr))
counts <- table(paste(tc, tr))
grid$n <- as.numeric(counts[paste(grid$col, grid$row)])
grid$n[is.na(grid$n)] <- 0
cxy <- cbind((grid$col + 0.5) * cell, (grid$row + 0.5) * cell)
nb <- include.self(dnearneigh(cxy, 0, 4000))
grid$z <- as.numeric(localG(grid$n, nb2listw(nb, style = "B")))
write.csv(data.frame(col = grid$col, row = grid$row, n = grid$n, z = fmt(grid$z)),
          file.path(out_dir, "gistar_northumbria.csv"), row.names = FALSE, quote = FALSE)

sf_use_s2(FALSE)
d <- st_transform(st_read(file.path(data_dir, "northumbria_districts.geojson"), quiet = TRUE), 27700)
d$n <- lengths(st_intersects(d, pts))
nbq <- include.self(poly2nb(d, queen = TRUE))
d$z <- as.numeric(localG(d$n, nb2listw(nbq, style = "B")))
write.csv(data.frame(district = d$district, n = d$n, neighbours = card(nbq), z = fmt(d$z)),
          file.path(out_dir, "gistar_northumbria_areal.csv"), row.names = FALSE, quote = TRUE)
cat("records with coordinates:", nrow(asb), " cells:", nrow(grid), "\n")

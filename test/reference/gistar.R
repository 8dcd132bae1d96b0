# Reference values of Getis-Ord Gi* (self included) from R spdep localG, for est's tests.
# Run from the repository root:  Rscript test/reference/gistar.R
# Writes test/reference/gistar_*.csv and test/reference/versions.txt (commit them).
#
#   gistar_small.csv       a hand-checkable 4 x 3 grid of counts, cell 100, distances 100 and 150
#   gistar_vancouver.csv   Vancouver thefts 2020 (EPSG:26910) binned at 250 m, dense grid over the
#                          data extent with zero cells, distance 500 m
#   gistar_areal.csv       the Vancouver neighbourhoods, theft counts, queen contiguity
# Neighbours: cell centres within the distance (dnearneigh, upper bound inclusive), or
# poly2nb(queen = TRUE); include.self() before nb2listw(style = "B"); z = localG(x, lw).
suppressPackageStartupMessages({ library(spdep); library(sf) })
data_dir <- "../shared/data"
out_dir <- "test/reference"
fmt <- function(v) formatC(v, digits = 17, format = "g")

gistar_grid <- function(col, row, x, cell, distance) {
  xy <- cbind((col + 0.5) * cell, (row + 0.5) * cell)
  nb <- include.self(dnearneigh(xy, 0, distance))
  as.numeric(localG(x, nb2listw(nb, style = "B")))
}

# ---- 1. small grid: columns 0..3, rows 0..2, counts row by row from the bottom
small <- expand.grid(col = 0:3, row = 0:2)
small$n <- c(0, 1, 2, 0,
             3, 8, 5, 1,
             0, 2, 1, 0)
small$z100 <- gistar_grid(small$col, small$row, small$n, 100, 100)
small$z150 <- gistar_grid(small$col, small$row, small$n, 100, 150)
write.csv(data.frame(col = small$col, row = small$row, n = small$n,
                     z100 = fmt(small$z100), z150 = fmt(small$z150)),
          file.path(out_dir, "gistar_small.csv"), row.names = FALSE, quote = FALSE)

# ---- 2. Vancouver thefts at 250 m, 500 m
th <- read.csv(gzfile(file.path(data_dir, "vancouver_thefts_2020.csv.gz")))
th <- th[is.finite(th$X) & is.finite(th$Y) & th$X > 0 & th$Y > 0, ]
cell <- 250
tc <- floor(th$X / cell); tr <- floor(th$Y / cell)
grid <- expand.grid(col = min(tc):max(tc), row = min(tr):max(tr))
key <- paste(tc, tr)
counts <- table(key)
grid$n <- as.numeric(counts[paste(grid$col, grid$row)])
grid$n[is.na(grid$n)] <- 0
grid$z <- gistar_grid(grid$col, grid$row, grid$n, cell, 500)
write.csv(data.frame(col = grid$col, row = grid$row, n = grid$n, z = fmt(grid$z)),
          file.path(out_dir, "gistar_vancouver.csv"), row.names = FALSE, quote = FALSE)

# ---- 3. neighbourhoods, queen contiguity, theft counts
sf_use_s2(FALSE)
nbh <- st_transform(st_read(file.path(data_dir, "vancouver_neighbourhoods.geojson"), quiet = TRUE), 26910)
pts <- st_as_sf(th, coords = c("X", "Y"), crs = 26910)
nbh$n <- lengths(st_intersects(nbh, pts))
nbq <- include.self(poly2nb(nbh, queen = TRUE))
nbh$z <- as.numeric(localG(nbh$n, nb2listw(nbq, style = "B")))
nbh$neighbours <- card(nbq)
name_col <- intersect(c("name", "NAME", "neighbourhood", "Name"), names(nbh))[1]
write.csv(data.frame(name = st_drop_geometry(nbh)[[name_col]], n = nbh$n, neighbours = nbh$neighbours,
                     z = fmt(nbh$z)),
          file.path(out_dir, "gistar_areal.csv"), row.names = FALSE, quote = TRUE)

writeLines(c(R.version.string,
             paste("spdep", packageVersion("spdep")),
             paste("sf", packageVersion("sf")),
             paste("generated", format(Sys.time(), "%Y-%m-%d %H:%M UTC", tz = "UTC"))),
           file.path(out_dir, "versions.txt"))

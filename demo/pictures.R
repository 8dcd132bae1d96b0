# Draws the demo's pictures from the CSV files demo/pictures.sql wrote (base R graphics only):
#   hotspots_and_grades.png  one panel per tätort: localities filled with their grade colour,
#                            hotspot areas of the hotspot list coloured by status
#   grade_timeline.png       suggested (line) and decided (points) grade per tätort and cycle
args <- commandArgs(TRUE)
dir <- args[1]
out <- read.csv(file.path(dir, "outlines.csv"), stringsAsFactors = FALSE)
hot <- read.csv(file.path(dir, "hotspots.csv"), stringsAsFactors = FALSE)
grades <- read.csv(file.path(dir, "grades.csv"), stringsAsFactors = FALSE)
scale <- read.csv(file.path(dir, "scale.csv"), stringsAsFactors = FALSE)
towns <- sort(unique(out$town))
status_col <- c(new = "#b2182b", persistent = "#67001f", fading = "#f4a582", gone = "#bababa")
alpha <- function(col, a) { v <- col2rgb(col) / 255; rgb(v[1], v[2], v[3], a) }

rings <- function(d, fill, border, lwd = 1) {
  for (k in split(d, list(d$part, d$ring), drop = TRUE))
    polygon(k$x, k$y, col = fill, border = border, lwd = lwd)
}

png(file.path(dir, "hotspots_and_grades.png"), width = 1500, height = 560, res = 110)
par(mfrow = c(1, length(towns)), mar = c(1, 1, 3, 1), oma = c(3, 0, 0, 0))
for (t in towns) {
  o <- out[out$town == t, ]
  plot(range(o$x), range(o$y), type = "n", asp = 1, axes = FALSE, xlab = "", ylab = "")
  for (loc in unique(o$locality[o$kind == "tätort"])) {
    d <- o[o$locality == loc, ]
    rings(d, alpha(d$colour[1], 0.35), "grey30", 1.5)
  }
  for (loc in unique(o$locality[o$kind == "område"])) {
    d <- o[o$locality == loc, ]
    rings(d, alpha(d$colour[1], 0.45), "grey40", 1)
  }
  h <- hot[!is.na(hot$town) & hot$town == t, ]
  for (r in unique(h$rank)) {
    d <- h[h$rank == r, ]
    rings(d, alpha(status_col[[d$status[1]]], 0.85), "black")
    text(mean(range(d$x)), max(d$y) + 120, paste0(r, ". ", d$status[1]), cex = 0.8)
  }
  g <- o[o$kind == "tätort", ]
  title(sprintf("%s — grade %d", t, g$grade[1]), cex.main = 1.2)
  lines(c(max(o$x) - 1000, max(o$x)), rep(min(o$y) + 80, 2), lwd = 3)
  text(max(o$x) - 500, min(o$y) + 200, "1 km", cex = 0.8)
}
par(fig = c(0, 1, 0, 1), oma = c(0, 0, 0, 0), mar = c(0, 0, 0, 0), new = TRUE)
plot(0, 0, type = "n", axes = FALSE, xlab = "", ylab = "")
legend("bottom", horiz = TRUE, bty = "n", cex = 0.85,
       fill = c(sapply(scale$colour, alpha, 0.5), status_col),
       legend = c(paste(scale$grade, scale$label_sv), paste("hotspot:", names(status_col))))
invisible(dev.off())

png(file.path(dir, "grade_timeline.png"), width = 1500, height = 700, res = 110)
par(mfrow = c(length(towns), 1), mar = c(2, 4, 2, 1))
grades$week <- as.Date(grades$week)
for (t in towns) {
  g <- grades[grades$town == t, ]
  plot(g$week, g$suggested, type = "n", ylim = c(0.5, 5.5), yaxt = "n", xlab = "", ylab = "grade", main = t)
  for (k in seq_len(nrow(scale)))
    rect(min(g$week) - 7, scale$grade[k] - 0.5, max(g$week) + 7, scale$grade[k] + 0.5,
         col = alpha(scale$colour[k], 0.18), border = NA)
  axis(2, at = 1:5, las = 1)
  lines(g$week, g$suggested, type = "s", lwd = 2, col = "grey20")
  d <- g[!is.na(g$decided), ]
  points(d$week, d$decided, pch = 19, col = "black")
  cav <- g[g$coverage_caveat %in% c("t", "true", "TRUE"), ]
  if (nrow(cav)) points(cav$week, rep(0.7, nrow(cav)), pch = 17, col = "#b2182b")
}
legend("bottomleft", bty = "n", horiz = TRUE, cex = 0.85, lwd = c(2, NA, NA), pch = c(NA, 19, 17),
       col = c("grey20", "black", "#b2182b"), legend = c("suggested", "decided", "low reporter coverage"))
invisible(dev.off())
cat(file.path(dir, "hotspots_and_grades.png"), "\n", file.path(dir, "grade_timeline.png"), "\n", sep = "")

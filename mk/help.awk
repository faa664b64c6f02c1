# `make help`: print each target defined in the given makefiles with the description from its
# `## target: description` line. A target without one is listed as undocumented, so it shows.
/^## [A-Za-z0-9_.-]+: / {
	name = $2; sub(/:$/, "", name)
	text = $0; sub(/^## [A-Za-z0-9_.-]+: /, "", text)
	doc[name] = text
	next
}
/^[A-Za-z][A-Za-z0-9_-]*( [A-Za-z][A-Za-z0-9_-]*)*:([^=]|$)/ {
	split(substr($0, 1, index($0, ":") - 1), names, " ")
	for (i in names) if (!(names[i] in seen)) { seen[names[i]] = 1; order[++n] = names[i] }
}
END {
	width = 0
	for (i = 1; i <= n; i++) if (length(order[i]) > width) width = length(order[i])
	for (i = 1; i <= n; i++) {
		text = (order[i] in doc) ? doc[order[i]] : "(undocumented)"
		printf "  make %-" width "s  %s\n", order[i], text
	}
}

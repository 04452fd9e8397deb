package explore

//go:generate go run ./internal/genassets assets

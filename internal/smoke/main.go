package main

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"time"

	"github.com/granska/granska/audit/browser"
	"github.com/granska/granska/audit/capture"
)

const html = `<!doctype html><html lang="sv"><head><title>Test</title><style>a:focus{outline:none} .b:focus{outline:2px solid red} p::before{content:"x"}</style></head><body>
<a href="#1">One</a> <button class="b">Two</button><input aria-label="Three"><img src="x.png">
<p style="color:#777;background:#fff">Grey text</p>
<div id="host"></div><iframe src="/frame"></iframe>
<script>document.getElementById('host').attachShadow({mode:'closed'}).innerHTML='<button>Shadow</button>'</script>
</body></html>`

func main() {
	mux := http.NewServeMux()
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, html) })
	mux.HandleFunc("/frame", func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, `<html lang="en"><body><a href="#">In frame</a></body></html>`) })
	ts := httptest.NewServer(mux)
	defer ts.Close()
	ctx := context.Background()
	pool, err := browser.New(ctx, browser.Config{Tabs: 1})
	if err != nil {
		panic(err)
	}
	defer pool.Close()
	for k := 0; k < 2; k++ {
		err = pool.Do(ctx, func(tctx context.Context) error {
			t0 := time.Now()
			p, err := capture.Capture(tctx, ts.URL, capture.Options{})
			if err != nil {
				return err
			}
			fmt.Println("took", time.Since(t0), p.Timings)
			if k == 1 {
				p.Write(os.Stdout)
			}
			return nil
		})
		if err != nil {
			panic(err)
		}
	}
}

// Package bench is the load loop and the statistics of "salkku bench":
// a fixed number of clients send requests one after another for a bounded
// time and count, and each case is summed up as requests per second,
// latency percentiles, errors and the peak memory of the process.
//
// It knows nothing of Salkku: a case is a function that makes one request
// and says whether it failed.
package bench

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"runtime"
	"runtime/metrics"
	"slices"
	"strings"
	"sync"
	"time"
)

// Case is one thing measured. Do makes the i-th request of a client
// (numbered from 0) and returns an error when it failed: a transport
// error or a status other than 2xx.
type Case struct {
	Name string
	Do   func(ctx context.Context, client, i int) error
}

// Result sums up one case run with a number of clients.
type Result struct {
	Case       string
	Clients    int
	Requests   int
	Errors     int
	FirstError string // the first error seen, for the notes
	Elapsed    time.Duration
	P50        time.Duration
	P95        time.Duration
	P99        time.Duration
	Max        time.Duration
	PeakMemory uint64 // bytes the Go runtime held from the OS, at most, during the case
	// Statements and Served are what the server counted during the case:
	// the statements its store ran for requests and the requests it
	// handled; both zero when nothing was counted.
	Statements, Served int64
	// Baseline is the same case with the same clients on a register of
	// the compare scale, for the growth ratios; nil when there is none.
	Baseline *Result
	// Bare is the case's bare handler (the best query for the view and
	// the same rows, with no middleware) run with the same clients just
	// after it, for the closeness to the limit; nil when it has none.
	Bare *Result
}

// BareRatio is the requests per second here over the bare handler's;
// false without a bare handler (or one that made no request).
func (r Result) BareRatio() (float64, bool) {
	if r.Bare == nil || r.Bare.PerSecond() <= 0 {
		return 0, false
	}
	return r.PerSecond() / r.Bare.PerSecond(), true
}

// Growth is the p50 latency here over the baseline's, and the requests
// per second here over the baseline's; false without a baseline (or one
// with no requests).
func (r Result) Growth() (latency, throughput float64, ok bool) {
	b := r.Baseline
	if b == nil || b.P50 <= 0 || b.PerSecond() <= 0 {
		return 0, 0, false
	}
	return float64(r.P50) / float64(b.P50), r.PerSecond() / b.PerSecond(), true
}

// QueriesPerRequest is the mean number of statements a request ran, and
// false when the server counted no request.
func (r Result) QueriesPerRequest() (float64, bool) {
	if r.Served <= 0 {
		return 0, false
	}
	return float64(r.Statements) / float64(r.Served), true
}

// PerSecond is the throughput of the case.
func (r Result) PerSecond() float64 {
	if r.Elapsed <= 0 {
		return 0
	}
	return float64(r.Requests) / r.Elapsed.Seconds()
}

// Limits bound a run: each client stops at the duration or when the case
// has made MaxRequests requests in all, whichever comes first.
type Limits struct {
	Duration    time.Duration
	MaxRequests int
}

// Run runs c with n clients until the limits, and sums it up. Cancelling
// ctx stops it early.
func Run(ctx context.Context, c Case, n int, lim Limits) Result {
	if n < 1 {
		n = 1
	}
	if lim.MaxRequests <= 0 {
		lim.MaxRequests = 1 << 30
	}
	// Clients stop starting requests at the deadline; a request under way
	// finishes, so that none is cut off and counted as a failure.
	deadline := time.Now().Add(lim.Duration)
	peak := sampleMemory()
	defer peak.stop()

	var (
		mu        sync.Mutex
		latencies []time.Duration
		errs      int
		first     string
		issued    int
	)
	take := func() (int, bool) {
		mu.Lock()
		defer mu.Unlock()
		if issued >= lim.MaxRequests {
			return 0, false
		}
		issued++
		return issued - 1, true
	}
	start := time.Now()
	var wg sync.WaitGroup
	for client := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var mine []time.Duration
			var myErrs int
			var myFirst string
			for ctx.Err() == nil && time.Now().Before(deadline) {
				i, ok := take()
				if !ok {
					break
				}
				t := time.Now()
				err := c.Do(ctx, client, i)
				d := time.Since(t)
				if err != nil && ctx.Err() != nil {
					break // the whole run was cancelled
				}
				mine = append(mine, d)
				if err != nil {
					myErrs++
					if myFirst == "" {
						myFirst = err.Error()
					}
				}
			}
			mu.Lock()
			latencies = append(latencies, mine...)
			errs += myErrs
			if first == "" {
				first = myFirst
			}
			mu.Unlock()
		}()
	}
	wg.Wait()
	r := Result{Case: c.Name, Clients: n, Requests: len(latencies), Errors: errs, FirstError: first,
		Elapsed: time.Since(start)}
	r.P50, r.P95, r.P99, r.Max = percentiles(latencies)
	r.PeakMemory = peak.stop()
	return r
}

// Sequence makes n requests one after another, without a time limit but
// stopping at the first cancellation of ctx: the total time of a batch,
// such as creating 1,000 projects.
func Sequence(ctx context.Context, c Case, n int) Result {
	peak := sampleMemory()
	var latencies []time.Duration
	r := Result{Case: c.Name, Clients: 1}
	start := time.Now()
	for i := 0; i < n && ctx.Err() == nil; i++ {
		t := time.Now()
		err := c.Do(ctx, 0, i)
		latencies = append(latencies, time.Since(t))
		if err != nil {
			r.Errors++
			if r.FirstError == "" {
				r.FirstError = err.Error()
			}
		}
	}
	r.Elapsed = time.Since(start)
	r.Requests = len(latencies)
	r.P50, r.P95, r.P99, r.Max = percentiles(latencies)
	r.PeakMemory = peak.stop()
	return r
}

// percentiles returns the 50th, 95th and 99th percentile (nearest rank)
// and the maximum.
func percentiles(d []time.Duration) (p50, p95, p99, top time.Duration) {
	if len(d) == 0 {
		return
	}
	s := slices.Clone(d)
	slices.Sort(s)
	rank := func(p float64) time.Duration {
		i := int(p*float64(len(s))+0.999999) - 1
		return s[min(max(i, 0), len(s)-1)]
	}
	return rank(0.50), rank(0.95), rank(0.99), s[len(s)-1]
}

// memorySampler records the most memory the Go runtime held from the OS
// while a case runs: what it mapped (runtime/metrics
// /memory/classes/total:bytes, as MemStats.Sys, read without stopping the
// world) less the heap it has given back (heap/released), so that memory
// freed before the case, such as a generated register, does not count.
type memorySampler struct {
	done chan struct{}
	once sync.Once
	peak uint64
	wg   sync.WaitGroup
}

const (
	totalMemory    = "/memory/classes/total:bytes"
	releasedMemory = "/memory/classes/heap/released:bytes"
)

func readMemory() uint64 {
	s := []metrics.Sample{{Name: totalMemory}, {Name: releasedMemory}}
	metrics.Read(s)
	if s[0].Value.Kind() != metrics.KindUint64 || s[1].Value.Kind() != metrics.KindUint64 {
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		return m.Sys - m.HeapReleased
	}
	return s[0].Value.Uint64() - s[1].Value.Uint64()
}

func sampleMemory() *memorySampler {
	m := &memorySampler{done: make(chan struct{}), peak: readMemory()}
	m.wg.Add(1)
	go func() {
		defer m.wg.Done()
		t := time.NewTicker(20 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-m.done:
				return
			case <-t.C:
				m.peak = max(m.peak, readMemory())
			}
		}
	}()
	return m
}

// stop ends the sampling and returns the peak; it may be called again.
func (m *memorySampler) stop() uint64 {
	m.once.Do(func() {
		close(m.done)
		m.wg.Wait()
		m.peak = max(m.peak, readMemory())
	})
	return m.peak
}

// StatusError is the error of a response whose status is not 2xx.
type StatusError struct {
	Method, Path string
	Status       int
	Body         string
}

func (e *StatusError) Error() string {
	return fmt.Sprintf("%s %s: %d %s", e.Method, e.Path, e.Status, e.Body)
}

// Send makes the request, reads the whole body (so that the connection is
// reused) and returns it, or an error for a transport failure or a status
// other than 2xx. Redirects are the client's business: a client made with
// NewClient does not follow them, so a redirect to the login page is an
// error.
func Send(c *http.Client, req *http.Request) ([]byte, error) {
	return send(c, req, true)
}

// Read is Send for a request whose body the case does not look at: the
// body is read to its end into a pooled buffer (io.Discard's) rather than
// kept, so that the clients, which share the cores with the server, spend
// as little as they can on it.
func Read(c *http.Client, req *http.Request) error {
	_, err := send(c, req, false)
	return err
}

func send(c *http.Client, req *http.Request, keep bool) ([]byte, error) {
	resp, err := c.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	ok := resp.StatusCode >= 200 && resp.StatusCode <= 299
	if ok && !keep {
		_, err := io.Copy(io.Discard, resp.Body)
		return nil, err
	}
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, err
	}
	if !ok {
		snippet := strings.Join(strings.Fields(string(body)), " ")
		if len(snippet) > 200 {
			snippet = snippet[:200] + "…"
		}
		return body, &StatusError{Method: req.Method, Path: req.URL.RequestURI(), Status: resp.StatusCode, Body: snippet}
	}
	return body, nil
}

// NewClient is an HTTP client for n concurrent clients on loopback: it
// keeps a connection per client alive, does not follow redirects, and
// gives up on a request after timeout.
func NewClient(n int, timeout time.Duration) *http.Client {
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.Proxy = nil
	tr.MaxIdleConns = n + 8
	tr.MaxIdleConnsPerHost = n + 8
	return &http.Client{Transport: tr, Timeout: timeout,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

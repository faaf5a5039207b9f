// Package rend is Rend's Go SDK: a thin hand-written layer over the client generated from Rend's
// OpenAPI spec (package rendapi) for what generation cannot serve — streamed uploads, the event
// stream with Last-Event-ID resume, pagination iterators, retries honouring Retry-After, typed
// errors and WaitUntilPlayable.
package rend

import (
	"context"
	"errors"
	"iter"
	"net/http"
	"os"
	"strings"
	"time"

	"rend.so/sdk/go/rendapi"
)

// Client talks to one Rend API with one API key.
type Client struct {
	// API is the generated client, with the key and the retries already set.
	API     *rendapi.ClientWithResponses
	baseURL string
	apiKey  string
	http    *http.Client // requests with a deadline
	stream  *http.Client // the event stream: no overall timeout
	retry   RetryPolicy
}

// Option changes how New builds the client.
type Option func(*options)

type options struct {
	retry     RetryPolicy
	timeout   time.Duration
	transport http.RoundTripper
}

// WithRetryPolicy replaces DefaultRetryPolicy.
func WithRetryPolicy(policy RetryPolicy) Option { return func(o *options) { o.retry = policy } }

// WithTimeout bounds each request but the event stream (default 60 s; uploads: pass a context).
func WithTimeout(timeout time.Duration) Option { return func(o *options) { o.timeout = timeout } }

// WithTransport replaces http.DefaultTransport under the retries.
func WithTransport(transport http.RoundTripper) Option {
	return func(o *options) { o.transport = transport }
}

// New returns a client for baseURL (e.g. http://127.0.0.1:4000) and apiKey; empty values are taken
// from REND_API_URL and REND_API_KEY.
func New(baseURL, apiKey string, opts ...Option) (*Client, error) {
	if baseURL == "" {
		baseURL = os.Getenv("REND_API_URL")
	}
	if apiKey == "" {
		apiKey = os.Getenv("REND_API_KEY")
	}
	if baseURL == "" || apiKey == "" {
		return nil, errors.New("rend: New needs baseURL and apiKey (or REND_API_URL and REND_API_KEY)")
	}
	o := options{retry: DefaultRetryPolicy, timeout: 60 * time.Second, transport: http.DefaultTransport}
	for _, opt := range opts {
		opt(&o)
	}
	transport := &retryingTransport{next: o.transport, policy: o.retry}
	c := &Client{
		baseURL: strings.TrimRight(baseURL, "/"),
		apiKey:  apiKey,
		http:    &http.Client{Transport: transport, Timeout: o.timeout},
		stream:  &http.Client{Transport: transport},
		retry:   o.retry,
	}
	api, err := rendapi.NewClientWithResponses(c.baseURL,
		rendapi.WithHTTPClient(doer{timed: c.http, untimed: c.stream}), rendapi.WithRequestEditorFn(c.authorize))
	if err != nil {
		return nil, err
	}
	c.API = api
	return c, nil
}

func (c *Client) authorize(_ context.Context, request *http.Request) error {
	request.Header.Set("Authorization", "Bearer "+c.apiKey)
	return nil
}

// doer sends a request marked by withoutTimeout (uploads) without the client's timeout.
type doer struct{ timed, untimed *http.Client }

func (d doer) Do(request *http.Request) (*http.Response, error) {
	if request.Context().Value(noTimeoutKey{}) != nil {
		return d.untimed.Do(request)
	}
	return d.timed.Do(request)
}

// answer turns a generated response into its 2xx model or an *Error.
func answer[T any](model *T, response *http.Response, body []byte, err error) (*T, error) {
	if err != nil {
		return nil, err
	}
	if response.StatusCode >= 300 || model == nil {
		return nil, errorFrom(response, body)
	}
	return model, nil
}

// GetAsset returns the asset, deleted or not.
func (c *Client) GetAsset(ctx context.Context, id rendapi.AssetId) (*rendapi.Asset, error) {
	r, err := c.API.GetAssetWithResponse(ctx, id)
	if err != nil {
		return nil, err
	}
	return answer(r.JSON200, r.HTTPResponse, r.Body, nil)
}

// ListAssets returns one page; cursor "" is the first.
func (c *Client) ListAssets(ctx context.Context, limit int, cursor string) (*rendapi.AssetPage, error) {
	params := &rendapi.ListAssetsParams{}
	if limit > 0 {
		params.Limit = &limit
	}
	if cursor != "" {
		params.Cursor = &cursor
	}
	r, err := c.API.ListAssetsWithResponse(ctx, params)
	if err != nil {
		return nil, err
	}
	return answer(r.JSON200, r.HTTPResponse, r.Body, nil)
}

// Assets iterates every asset of the account, newest first, a page of pageSize at a time. The
// iteration stops at the first error, which it yields.
func (c *Client) Assets(ctx context.Context, pageSize int) iter.Seq2[rendapi.Asset, error] {
	return func(yield func(rendapi.Asset, error) bool) {
		cursor := ""
		for {
			page, err := c.ListAssets(ctx, pageSize, cursor)
			if err != nil {
				yield(rendapi.Asset{}, err)
				return
			}
			for _, asset := range page.Data {
				if !yield(asset, nil) {
					return
				}
			}
			if page.NextCursor == nil || *page.NextCursor == "" {
				return
			}
			cursor = *page.NextCursor
		}
	}
}

// ListAssetEvents returns the asset's events after afterSequence, one page (limit 0: the default).
func (c *Client) ListAssetEvents(ctx context.Context, id rendapi.AssetId, afterSequence int64, limit int) (*rendapi.EventPage, error) {
	params := &rendapi.ListAssetEventsParams{AfterSequence: &afterSequence}
	if limit > 0 {
		params.Limit = &limit
	}
	r, err := c.API.ListAssetEventsWithResponse(ctx, id, params)
	if err != nil {
		return nil, err
	}
	return answer(r.JSON200, r.HTTPResponse, r.Body, nil)
}

// AssetEvents iterates the asset's events so far in sequence order, a page at a time.
func (c *Client) AssetEvents(ctx context.Context, id rendapi.AssetId, pageSize int) iter.Seq2[rendapi.Event, error] {
	return func(yield func(rendapi.Event, error) bool) {
		after := int64(0)
		for {
			page, err := c.ListAssetEvents(ctx, id, after, pageSize)
			if err != nil {
				yield(rendapi.Event{}, err)
				return
			}
			for _, event := range page.Data {
				if !yield(event, nil) {
					return
				}
			}
			if len(page.Data) == 0 {
				return
			}
			after = page.NextAfterSequence
		}
	}
}

// GetPlayback returns the signed playback URLs (404 asset_not_playable until the opener is ready).
func (c *Client) GetPlayback(ctx context.Context, id rendapi.AssetId) (*rendapi.PlaybackBootstrap, error) {
	r, err := c.API.GetPlaybackWithResponse(ctx, id)
	if err != nil {
		return nil, err
	}
	return answer(r.JSON200, r.HTTPResponse, r.Body, nil)
}

// DeleteAsset deletes the asset; a repeat answers the same.
func (c *Client) DeleteAsset(ctx context.Context, id rendapi.AssetId) (*rendapi.Deletion, error) {
	r, err := c.API.DeleteAssetWithResponse(ctx, id)
	if err != nil {
		return nil, err
	}
	return answer(r.JSON200, r.HTTPResponse, r.Body, nil)
}

// The client of openapi-generator's `go` generator decodes every example answer through its own
// API: each operation is called against a local server that sends the example back.
// COMPAT_ANSWERS names the JSON file of answers that compat/run.py writes.
package openapi

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"testing"
)

type answer struct {
	Label       string  `json:"label"`
	OperationID string  `json:"operationId"`
	Status      int     `json:"status"`
	MediaType   string  `json:"mediaType"`
	Body        string  `json:"body"`
	StatusIDs   []int32 `json:"statusIds"`
	Message     string  `json:"message"`
}

func statusID(id OpenInvoiceStatus) (int32, error) {
	switch {
	case id.InvoiceStatus != nil:
		return int32(*id.InvoiceStatus), nil
	case id.Int32 != nil:
		return *id.Int32, nil
	}
	return 0, fmt.Errorf("status id decoded to neither a member nor an integer")
}

func call(client *APIClient, operation string) (interface{}, error) {
	ctx := context.Background()
	api := client.InvoicesAPI
	switch operation {
	case "getInvoices":
		page, _, err := api.GetInvoices(ctx).Execute()
		return page, err
	case "deleteInvoices":
		body := DeleteInvoicesRequest{Invoiceids: []int32{1234}}
		page, _, err := api.DeleteInvoices(ctx).DeleteInvoicesRequest(body).Execute()
		return page, err
	case "getInvoicesXml":
		text, _, err := api.GetInvoicesXml(ctx).Execute()
		return text, err
	case "deleteInvoicesXml":
		text, _, err := api.DeleteInvoicesXml(ctx).Invoiceids([]int32{1234}).Execute()
		return text, err
	}
	return nil, fmt.Errorf("no call for %s", operation)
}

func check(t *testing.T, a answer, got interface{}, err error) {
	if a.MediaType != "application/json" {
		text, _ := got.(string)
		if openErr, ok := err.(*GenericOpenAPIError); ok {
			text = string(openErr.Body())
		}
		if text != a.Body {
			t.Errorf("%s: text body came back as %q (%v)", a.Label, text, err)
		}
		return
	}
	if a.Status >= 400 {
		openErr, ok := err.(*GenericOpenAPIError)
		if !ok {
			t.Errorf("%s: expected an API error, got %v", a.Label, err)
			return
		}
		envelope, ok := openErr.Model().(ErrorEnvelope)
		if !ok || envelope.Error.Message != a.Message {
			t.Errorf("%s: error not decoded: %#v", a.Label, openErr.Model())
		}
		return
	}
	if err != nil {
		t.Errorf("%s: %v", a.Label, err)
		return
	}
	page := got.(*InvoiceListEnvelope)
	if len(page.Response) != len(a.StatusIDs) {
		t.Errorf("%s: %d invoices, expected %d", a.Label, len(page.Response), len(a.StatusIDs))
		return
	}
	for i, invoice := range page.Response {
		id, idErr := statusID(invoice.Status.Id)
		if idErr != nil || id != a.StatusIDs[i] {
			t.Errorf("%s: invoice %d has status id %d (%v), expected %d", a.Label, i, id, idErr, a.StatusIDs[i])
		}
	}
}

func TestDecodeEveryExample(t *testing.T) {
	raw, err := os.ReadFile(os.Getenv("COMPAT_ANSWERS"))
	if err != nil {
		t.Fatal(err)
	}
	var answers []answer
	if err := json.Unmarshal(raw, &answers); err != nil {
		t.Fatal(err)
	}
	if len(answers) == 0 {
		t.Fatal("no answers to decode")
	}
	for _, a := range answers {
		a := a
		server := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Type", a.MediaType+"; charset=utf-8")
			w.WriteHeader(a.Status)
			_, _ = w.Write([]byte(a.Body))
		}))
		config := NewConfiguration()
		config.Servers = ServerConfigurations{{URL: server.URL}}
		got, err := call(NewAPIClient(config), a.OperationID)
		check(t, a, got, err)
		server.Close()
	}
}
